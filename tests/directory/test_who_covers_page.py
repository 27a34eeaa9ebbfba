"""/qui-contacter/ on the demo, as a landlord agent uses it: the crisis numbers first, then
the sector and its CMP, the mobile team, the CLSM, accompanied housing and the other
partners; a partner-only line is never shown to an anonymous visitor."""

from __future__ import annotations

import html
import re

import pytest

from tests.accounts import make_user
from tests.directory.helpers import load_communes

pytestmark = pytest.mark.usefixtures("demo")

ERAH_LINE = "01 99 00 57 02"
SECTIONS = [
    "Secteur psychiatrique et CMP",
    "Équipe mobile",
    "CLSM et instances de coordination",
    "Logement accompagné",
    "Autres partenaires",
]


def main_text(response) -> str:
    body = response.content.decode()
    main = body[body.index("<main") : body.index("</main>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


def headings(response, level: int) -> list[str]:
    body = html.unescape(response.content.decode())
    found = re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", body, flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", h)).strip() for h in found]


def test_the_page_starts_with_the_crisis_numbers_and_asks_only_for_a_place(client):
    response = client.get("/qui-contacter/")
    assert response.status_code == 200
    body = response.content.decode()
    text = main_text(response)
    assert text.index("En cas de danger immédiat : appelez le 15 (SAMU) ou le 112") < text.index(
        "Commune, code postal ou arrondissement"
    )
    assert 'href="tel:15"' in body and 'href="tel:112"' in body
    assert "ne recueille aucune information sur la personne concernée" in text
    form = body[body.index('<form class="form who-form"') :]
    form = form[: form.index("</form>")]
    assert re.findall(r'name="([^"]+)"', form) == ["lieu"]  # the place, nothing else
    assert "<title>Qui contacter ? · Maillage</title>" in body


def test_metz_gives_its_sector_cmp_erah_and_clsm_in_order(client):
    response = client.get("/qui-contacter/", {"lieu": "57463"})
    assert response.status_code == 200
    text = main_text(response)
    positions = [text.index(title) for title in SECTIONS]
    assert positions == sorted(positions)
    assert text.index("danger immédiat") < positions[0]
    assert "Secteur de psychiatrie adulte du territoire messin (CH de Jury)" in text
    assert "CMP de Metz (CH de Jury)" in text
    assert "01 99 00 57 01" in text  # the CMP's public line
    assert 'href="tel:0199005701"' in response.content.decode()
    erah = text.index("ERAH, équipe réseau des alternatives")
    assert positions[1] < erah < positions[2]
    clsm = text.index("CLSM du territoire messin")
    assert positions[2] < clsm < positions[3]
    assert headings(response, 1) == ["Qui contacter ?"]


def test_the_erah_partner_line_is_hidden_from_anonymous_visitors(client):
    response = client.get("/qui-contacter/", {"lieu": "Metz"})
    body = response.content.decode()
    assert ERAH_LINE not in body
    assert ERAH_LINE.replace(" ", "") not in body
    text = main_text(response)
    erah = text.index("Ligne directe ERAH")
    assert "réservé aux partenaires" in text[erah : erah + 200]
    assert "/compte/connexion/?next=" in body


def test_the_erah_partner_line_is_shown_to_partners(client):
    client.force_login(make_user("partenaire.qui"))
    body = client.get("/qui-contacter/", {"lieu": "Metz"}).content.decode()
    assert ERAH_LINE in body
    assert f'href="tel:{ERAH_LINE.replace(" ", "")}"' in body


def test_montigny_les_metz_is_covered_by_the_metz_sector(client):
    response = client.get("/qui-contacter/", {"lieu": "57480"})
    text = main_text(response)
    assert "Qui contacter à Montigny-lès-Metz" in text
    assert "Secteur de psychiatrie adulte du territoire messin (CH de Jury)" in text
    assert "CMP de Metz (CH de Jury)" in text
    assert "CLSM du territoire messin" in text
    assert "OPH de Montigny-lès-Metz" in text


def test_paris_11e_gives_the_11e_sector_its_cmp_and_the_paris_clsm(client):
    for place in ("75111", "Paris 11e"):
        response = client.get("/qui-contacter/", {"lieu": place})
        text = main_text(response)
        assert "Secteur de psychiatrie du 11e arrondissement (GHT Paris)" in text, place
        assert "CMP du 11e arrondissement (GHT Paris)" in text
        assert "01 99 00 75 11" in text
        assert "CLSM des 11e, 17e et 19e arrondissements de Paris" in text
        assert "Secteur de psychiatrie du 17e arrondissement" not in text


def test_paris_asks_for_the_arrondissement_with_links(client):
    response = client.get("/qui-contacter/", {"lieu": "Paris"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "précisez l&#x27;arrondissement" in body or "précisez l'arrondissement" in body
    assert 'href="/qui-contacter/?lieu=75111"' in body
    assert "Choisissez l’arrondissement" in main_text(response)


def test_an_ambiguous_name_offers_the_communes(client):
    load_communes("59383")  # Marly (Nord), a namesake of Marly (Moselle)
    response = client.get("/qui-contacter/", {"lieu": "Marly"})
    body = response.content.decode()
    assert "Plusieurs communes correspondent à « Marly »" in html.unescape(body)
    assert 'href="/qui-contacter/?lieu=57447"' in body
    assert 'href="/qui-contacter/?lieu=59383"' in body


def test_an_unknown_place_says_so(client):
    response = client.get("/qui-contacter/", {"lieu": "Zzzville"})
    assert response.status_code == 200
    assert "Aucune commune ne correspond à « Zzzville »" in main_text(response)


def test_a_place_nobody_covers_says_so_and_invents_nobody(client):
    load_communes("78372")  # Marly-le-Roi: no entry of the demo there
    response = client.get("/qui-contacter/", {"lieu": "78372"})
    text = main_text(response)
    assert "Aucun secteur, aucune instance ni aucun partenaire n'est encore renseigné" in text
    assert "Secteur psychiatrique et CMP" not in text
    assert "Signaler une erreur" in text
    assert 'href="/annuaire/?lieu=78372' in response.content.decode()


@pytest.mark.parametrize(
    ("place", "message"),
    [("", "Indiquez une commune"), ("x" * 300, "100 caractères au plus")],
)
def test_an_empty_or_too_long_place_gives_a_french_error_not_a_500(client, place, message):
    response = client.get("/qui-contacter/", {"lieu": place})
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert 'role="alert"' in body
    assert '<a href="#id_lieu">' in body
    assert message in body
    assert "<title>Erreur : Qui contacter ?" in body


def test_a_lyon_arrondissement_gives_a_sector_and_a_cmp_marked_to_be_verified(client):
    # The Lyon convention names no sector nor CMP: the demo says so rather than invent one.
    for place in ("69383", "Lyon 3e"):
        text = main_text(client.get("/qui-contacter/", {"lieu": place}))
        sectors = text.index("Secteur psychiatrique et CMP")
        sector = text.index("Secteur de psychiatrie adulte — Lyon [à vérifier par le territoire]")
        cmp = text.index("CMP de Lyon [à vérifier par le territoire]")
        assert sectors < sector < cmp, place
        assert "Comité de projet Santé Psychique et Logement (Grand Lyon)" in text
