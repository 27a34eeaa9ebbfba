"""/donnees-personnelles/: public, and true to the settings it describes (cookie names,
retention periods, the map's tile server, the address to write to)."""

from bs4 import BeautifulSoup
from django.conf import settings
from django.test import override_settings

URL = "/donnees-personnelles/"


def page_text(response):
    return BeautifulSoup(response.content.decode(), "html.parser").get_text(" ", strip=True)


def cookie_names(response):
    page = BeautifulSoup(response.content.decode(), "html.parser")
    table = page.find(id="cookies-legende").find_parent("table")
    return [cell.get_text(strip=True) for cell in table.select("tbody th[scope=row]")]


def test_the_page_answers_anonymously_sets_no_cookie_and_is_linked_from_the_footer(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert not response.cookies
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.find("h1").get_text(strip=True) == "Données personnelles"
    assert page.select_one(f'footer a[href="{URL}"]').get_text(strip=True) == (
        "Données personnelles"
    )


def test_the_cookies_listed_are_the_real_ones_from_the_settings(client):
    names = cookie_names(client.get(URL))
    assert names == [
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
        "messages",
    ]


@override_settings(
    SESSION_COOKIE_NAME="maillage_session",
    CSRF_COOKIE_NAME="maillage_csrf",
    LANGUAGE_COOKIE_NAME="maillage_langue",
    MESSAGE_STORAGE="django.contrib.messages.storage.session.SessionStorage",
)
def test_renamed_cookies_are_listed_under_their_new_names(client):
    assert cookie_names(client.get(URL)) == ["maillage_session", "maillage_csrf", "maillage_langue"]


def test_the_configured_tile_server_is_named_with_what_it_receives(client):
    assert "tile.openstreetmap.org" in settings.MAILLAGE_MAP_TILE_URL
    text = page_text(client.get(URL))
    assert "viennent du serveur tile.openstreetmap.org" in text
    assert "votre adresse IP" in text
    assert "MAILLAGE_MAP_TILE_URL" in text


@override_settings(MAILLAGE_MAP_TILE_URL="https://{s}.tuiles.example.org/{z}/{x}/{y}.png")
def test_a_host_s_own_tile_server_is_the_one_named(client):
    text = page_text(client.get(URL))
    assert "viennent du serveur tuiles.example.org" in text
    assert "fondation OpenStreetMap" not in text


@override_settings(MAILLAGE_MAP_TILE_URL="")
def test_a_map_without_tiles_contacts_no_other_site(client):
    assert "n'affiche aucun fond de carte" in page_text(client.get(URL))


@override_settings(
    MAILLAGE_RETENTION={
        "account_requests": 45,
        "login_logs": 30,
        "error_reports": 200,
        "zero_result_searches": 100,
    }
)
def test_the_retention_periods_are_those_of_the_settings(client):
    text = page_text(client.get(URL))
    assert "supprimée 45 jours après la décision" in text
    assert "30 jours, puis supprimées chaque nuit" in text
    assert "au plus tard 200 jours après l'envoi" in text
    assert "100 jours." in text


@override_settings(MAILLAGE_PRIVACY_CONTACT="DPO Maillage <dpo@bailleur.example.org>")
def test_rights_are_exercised_by_writing_to_the_configured_address(client):
    page = BeautifulSoup(client.get(URL).content.decode(), "html.parser")
    link = page.select_one('#droits ~ p a[href^="mailto:"]')
    assert link["href"] == "mailto:dpo@bailleur.example.org"
    text = page.get_text(" ", strip=True)
    for right in ("Accès", "Rectification", "Effacement", "Opposition"):
        assert right in text


@override_settings(MAILLAGE_PRIVACY_CONTACT="", DEFAULT_FROM_EMAIL="Maillage <hub@example.org>")
def test_without_a_privacy_contact_the_sender_address_is_given(client):
    assert 'href="mailto:hub@example.org"' in client.get(URL).content.decode()
