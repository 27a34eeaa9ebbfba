"""The home page leads a professional to the three things they come for (who to call for
a place, the directory, the crisis path), then the partnership for visitors; and it
promises nothing that already exists (issue 13)."""

import html
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("demo")


def home_html(client, **headers) -> str:
    response = client.get("/", **headers)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def form_with_field(body: str, name: str) -> str:
    """The one <form> of <main> that holds a field called `name`."""
    main = body[body.index("<main") : body.index("</main>")]
    forms = [
        form for form in re.findall(r"<form\b.*?</form>", main, re.S) if f'name="{name}"' in form
    ]
    assert len(forms) == 1, (name, forms)
    return forms[0]


def test_home_promises_nothing_that_already_exists(client):
    body = home_html(client)
    for promise in ("Bientôt", "bientôt", "en préparation"):
        assert promise not in body


def test_home_asks_for_a_place_and_sends_it_to_who_to_contact(client):
    form = form_with_field(home_html(client), "lieu")
    assert 'method="get"' in form
    assert f'action="{reverse("directory:who_covers")}"' in form
    label = re.search(r'<label[^>]*for="([^"]+)"[^>]*>([^<]+)</label>', form)
    assert label.group(2) == "Commune, code postal ou arrondissement"
    assert re.search(rf'<input[^>]*name="lieu"[^>]*id="{label.group(1)}"', form)
    # Only the place: no other field, nothing about a person.
    assert re.findall(r'<input[^>]*name="([^"]+)"', form) == ["lieu"]


def test_the_place_form_reaches_who_to_contact_for_marseille(client):
    form = form_with_field(home_html(client), "lieu")
    action = re.search(r'action="([^"]+)"', form).group(1)
    response = client.get(action, {"lieu": "13055"})
    assert response.status_code == 200
    assert "Marseille" in response.content.decode()


def test_home_searches_the_directory_with_its_query_parameter(client):
    form = form_with_field(home_html(client), "q")
    assert 'method="get"' in form
    assert f'action="{reverse("directory:search")}"' in form
    label = re.search(r'<label[^>]*for="([^"]+)"', form).group(1)
    assert re.search(rf'<input[^>]*name="q"[^>]*id="{label}"', form)
    response = client.get(reverse("directory:search"), {"q": "CMP"})
    assert response.status_code == 200
    assert "CMP de Metz" in html.unescape(response.content.decode())


def test_home_leads_to_the_crisis_path_with_the_emergency_numbers(client):
    body = home_html(client)
    crisis = re.search(r'<article class="journey journey--crisis".*?</article>', body, re.S)
    assert crisis, "the crisis entry stands apart, in its own block"
    block = crisis.group(0)
    assert f'href="{reverse("crisis_path")}"' in block
    assert 'href="tel:15"' in block and 'href="tel:112"' in block
    assert client.get(reverse("crisis_path")).status_code == 200


def test_the_three_journeys_come_before_the_partnership(client):
    body = home_html(client)
    order = [
        body.index("Qui contacter ?</h3>"),
        body.index("Rechercher dans l’annuaire</h3>"),
        body.index("En cas de crise</h3>"),
        body.index("La charte du partenariat</a></h3>"),
        body.index("Les territoires du partenariat</h2>"),
    ]
    assert order == sorted(order)
    # Headings in order: one h1, then h2 sections holding h3 entries.
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", body[body.index("<main") :])]
    assert levels[0] == 1
    assert all(after - before <= 1 for before, after in zip(levels, levels[1:], strict=False))


def test_home_links_the_charter_the_guide_and_the_territories(client):
    body = home_html(client)
    for path in ("/charte/", "/guide/", "/territoires/grand-lyon/", "/territoires/"):
        assert f'href="{path}"' in body, path


def test_home_journeys_are_translated_in_english(client):
    body = home_html(client, HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en"' in body
    for text in ("Who to contact?", "Search the directory", "In a crisis"):
        assert text in body, text
    assert "Commune, postcode or arrondissement" in body
