"""The main menu: fixed, translated labels, in French and in English (issue 13)."""

import html
import re

import pytest

pytestmark = pytest.mark.usefixtures("demo")

FRENCH = ["Charte", "Territoires", "Fiches projet", "Guide", "Annuaire", "Qui contacter ?"]
ENGLISH = ["Charter", "Territories", "Project sheets", "Guide", "Directory", "Who to contact?"]


def menu_labels(client, path="/", **headers) -> list[str]:
    response = client.get(path, **headers)
    assert response.status_code == 200
    body = response.content.decode()
    nav = re.search(r'<nav class="main-nav".*?</nav>', body, re.S).group(0)
    return [
        html.unescape(label)
        for label in re.findall(r'class="main-nav__link"[^>]*>([^<]+)</a>', nav)
    ]


def test_menu_is_french_in_french(client):
    labels = menu_labels(client)
    assert labels[: len(FRENCH)] == FRENCH
    assert labels[-1] == "Espaces partenaires"


def test_menu_is_english_in_english(client):
    labels = menu_labels(client, HTTP_ACCEPT_LANGUAGE="en")
    assert labels[: len(ENGLISH)] == ENGLISH
    assert labels[-1] == "Partner spaces"


def test_language_chosen_with_the_switch_gives_the_english_menu(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/annuaire/"})
    assert response.status_code == 302
    assert menu_labels(client, "/annuaire/")[: len(ENGLISH)] == ENGLISH
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert menu_labels(client)[: len(FRENCH)] == FRENCH


def test_menu_marks_the_current_section(client):
    body = client.get("/annuaire/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.search(r'href="/annuaire/" aria-current="page">Directory</a>', body)
