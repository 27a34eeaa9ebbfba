"""Places as people type them, through every page that asks for one: « Qui contacter ? »,
the directory list, its map, its GeoJSON and the crisis path. A Marseille landlord agent
who types 13014 is offered Marseille 14e first (the postcode), then Berre-l'Étang (the
INSEE code); following Marseille 14e shows the SELO partners. Grand Lyon covers the
Métropole de Lyon: Villeurbanne finds its partners, Affoux does not.

The demo is loaded once for the module (with Berre-l'Étang, Affoux, Villeurbanne,
Vénissieux and the twelve Sainte-Colombe), each test in its own savepoint."""

from __future__ import annotations

import html
import json
import logging
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.directory.helpers import _gazetteer_rows, load_communes

WHO = "/qui-contacter/"
CRISIS = "/guide/en-cas-de-crise/"
SELO = ["Logirem", "Soliha Provence", "GCS Galilé"]
BERRE = "Berre-l'Étang (13014)"


@pytest.fixture(scope="module")
def demo_once(demo_module, django_db_blocker):
    """The demo and a few more communes (inside the module's savepoint)."""
    with django_db_blocker.unblock():
        colombes = [c for c, row in _gazetteer_rows().items() if row["nom"] == "Sainte-Colombe"]
        load_communes("13014", "69001", "69266", "69259", *colombes)


pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("demo_once")]


def main_html(response) -> str:
    body = response.content.decode()
    return body[body.index("<main") : body.index("</main>")]


def main_text(response) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", main_html(response)))
    return re.sub(r"\s+", " ", text)


def choice_links(response) -> list[tuple[str, str]]:
    """(text, href) of each place choice, in page order."""
    lists = re.findall(r'<ul class="place-choices__list">(.*?)</ul>', main_html(response), re.S)
    lists += re.findall(r'<ul class="crisis-links">(.*?)</ul>', main_html(response), re.S)
    links = re.findall(r'<a href="([^"]+)">(.*?)</a>', "".join(lists), re.S)
    return [
        (re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", text))), html.unescape(href))
        for href, text in links
    ]


def lieu_of(href: str) -> str:
    return parse_qs(urlsplit(href).query)["lieu"][0]


# --- « Qui contacter ? » -----------------------------------------------------------------


def test_who_covers_13014_offers_marseille_14e_then_berre(client, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.get(WHO, {"lieu": "13014"})
    assert response.status_code == 200
    links = choice_links(response)
    assert [text for text, _ in links] == [
        "Marseille 14e Arrondissement (département 13) — code postal 13014",
        "Berre-l'Étang (département 13) — code INSEE",
    ]
    assert [lieu_of(href) for _, href in links] == ["13214", BERRE]
    assert "Plusieurs communes correspondent à « 13014 »" in main_text(response)
    assert 'value="13014"' in main_html(response)  # the form keeps what was typed
    assert "13014" not in caplog.text  # nothing logged about the place asked


def test_following_marseille_14e_shows_the_selo_partners(client):
    [(_, href), _berre] = choice_links(client.get(WHO, {"lieu": "13014"}))
    response = client.get(href)
    text = main_text(response)
    assert "Qui contacter à Marseille 14e Arrondissement" in text
    for name in SELO:
        assert name in text
    assert "Réseau Santé Mentale et Logement de Marseille (RSML)" in text
    # The crisis link and the directory link keep the exact place.
    assert f'{CRISIS}?etape=situation&amp;lieu=13214"' in response.content.decode()


def test_following_berre_gives_berre_and_invents_nobody(client):
    [_, (_, href)] = choice_links(client.get(WHO, {"lieu": "13014"}))
    response = client.get(href)
    text = main_text(response)
    assert "Qui contacter à Berre-l'Étang" in text
    assert "Aucun secteur, aucune instance ni aucun partenaire" in text
    assert "Logirem" not in text
    assert "lieu=Berre-l%27%C3%89tang+%2813014%29" in response.content.decode()


def test_69001_offers_lyon_1er_then_affoux(client):
    links = choice_links(client.get(WHO, {"lieu": "69001"}))
    assert [lieu_of(href) for _, href in links] == ["69381", "Affoux (69001)"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Zzzville", "Aucune commune ne correspond à « Zzzville »"),
        ("Sainte-Colo", "Trop de communes correspondent à « Sainte-Colo » (plus de 10)"),
    ],
)
def test_no_match_or_too_many_is_an_error_next_to_the_field(client, typed, message):
    response = client.get(WHO, {"lieu": typed})
    assert response.status_code == 200
    page = main_html(response)
    assert message in html.unescape(page)
    field = re.search(r'<input type="text" name="lieu"[^>]*>', page)[0]
    assert f'value="{typed}"' in field and 'aria-invalid="true"' in field
    assert 'id="id_lieu_error"' in page and '<a href="#id_lieu">' in page
    assert choice_links(response) == []


def test_villeurbanne_and_venissieux_find_the_grand_lyon_partners(client):
    for place in ("Villeurbanne", "69259", "69100"):
        text = main_text(client.get(WHO, {"lieu": place}))
        assert "Comité de projet Santé Psychique et Logement (Grand Lyon)" in text, place
        assert "ABC HLM" in text, place
        assert "Centre hospitalier Le Vinatier" in text, place
        # The CMP of Lyon serves Lyon's sector, not the whole metropolis.
        assert "CMP de Lyon" not in text, place


def test_affoux_is_not_in_the_metropolis(client):
    text = main_text(client.get(WHO, {"lieu": "Affoux"}))
    assert "Qui contacter à Affoux" in text
    assert "Grand Lyon" not in text
    assert "Aucun secteur, aucune instance ni aucun partenaire" in text


# --- The directory, its map and its GeoJSON ----------------------------------------------


def test_the_directory_place_filter_offers_the_choice_and_follows_it(client):
    response = client.get("/annuaire/", {"lieu": "13014", "q": ""})
    links = choice_links(response)
    assert [lieu_of(href) for _, href in links] == ["13214", BERRE]
    assert links[0][0].startswith("Marseille 14e Arrondissement (département 13)")
    assert response.context["results"].total == 0
    marseille = client.get(links[0][1])
    titles = [d.title for d in marseille.context["results"].page.object_list]
    for name in SELO:
        assert name in titles
    assert choice_links(marseille) == []
    berre = client.get(links[1][1])
    assert berre.context["results"].place.commune.code == "13014"
    assert berre.context["results"].total == 0


def test_the_directory_says_no_match_next_to_the_field(client):
    response = client.get("/annuaire/", {"lieu": "Sainte-Colo"})
    page = html.unescape(main_html(response))
    assert "Trop de communes correspondent à « Sainte-Colo »" in page
    field = re.search(r'<input type="text" name="lieu"[^>]*>', page)[0]
    assert 'value="Sainte-Colo"' in field and 'aria-invalid="true"' in field


def test_the_map_offers_the_choice_and_keeps_the_other_criteria(client):
    response = client.get("/annuaire/carte/", {"lieu": "13014", "type": "bailleur-social"})
    links = choice_links(response)
    assert [lieu_of(href) for _, href in links] == ["13214", BERRE]
    assert parse_qs(urlsplit(links[0][1]).query)["type"] == ["bailleur-social"]
    followed = client.get("/annuaire/carte/" + links[0][1])
    assert "Logirem" in main_text(followed)


def test_the_geojson_gives_the_choices_with_their_exact_lieu(client):
    data = json.loads(client.get("/api/annuaire.geojson", {"lieu": "13014"}).content)
    assert data["features"] == []
    assert "Plusieurs communes correspondent à « 13014 »" in data["message"]
    assert data["choix"] == [
        {"lieu": "13214", "libelle": "Marseille 14e Arrondissement (13) — code postal 13014"},
        {"lieu": BERRE, "libelle": "Berre-l'Étang (13) — code INSEE"},
    ]
    chosen = json.loads(client.get("/api/annuaire.geojson", {"lieu": "13214"}).content)
    assert "Logirem" in {feature["properties"]["title"] for feature in chosen["features"]}
    assert "choix" not in chosen


# --- The crisis path ---------------------------------------------------------------------


def test_the_crisis_path_offers_the_choice_and_goes_on_with_the_exact_place(client):
    response = client.get(CRISIS, {"etape": "situation", "lieu": "13014"})
    assert response.status_code == 200
    links = choice_links(response)
    assert [lieu_of(href) for _, href in links] == ["13214", BERRE]
    assert 'value="13014"' in main_html(response)  # the place question keeps it
    marseille = client.get(links[0][1])
    assert "Logement situé à Marseille 14e Arrondissement" in main_text(marseille)
    # Berre's exact place stays exact along the path: no redirect, no question again.
    berre = client.get(links[1][1])
    assert berre.status_code == 200
    assert "Logement situé à Berre-l'Étang" in main_text(berre)
    assert f'name="lieu" value="{html.escape(BERRE)}"' in main_html(berre)
    answered = client.get(
        CRISIS, {"etape": "situation", "lieu": BERRE, "envoi": "1", "reponse": "suivie"}
    )
    assert answered.status_code == 302
    assert lieu_of(answered["Location"]) == BERRE


def test_the_crisis_path_sends_a_typed_place_on_with_its_exact_value(client):
    response = client.get(CRISIS, {"etape": "situation", "lieu": "Berre-l'Étang"})
    assert response.status_code == 302
    assert lieu_of(response["Location"]) == BERRE
