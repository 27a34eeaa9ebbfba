"""/compte/connexion/, /compte/deconnexion/, /compte/mot-de-passe/..."""

import html

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format

from tests.accounts import BAILLEURS, PASSWORD, make_user

LOGIN = "/compte/connexion/"


def text(response):
    return html.unescape(response.content.decode())


def test_the_login_page_is_accessible_and_links_to_the_account_request(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<label class="form-field__label" for="id_username">' in page
    assert 'autocomplete="username"' in page
    assert 'autocomplete="current-password"' in page
    assert 'href="/compte/demande/"' in page
    assert "Demander un compte" in page


def test_a_partner_logs_in_and_goes_to_the_partner_spaces(client):
    member = make_user("membre.bailleurs", families=[BAILLEURS])
    response = client.post(LOGIN, {"username": member.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == settings.LOGIN_REDIRECT_URL
    assert client.session["_auth_user_id"] == str(member.pk)


def test_a_safe_next_is_followed_and_an_outside_one_is_ignored(client):
    member = make_user("membre.bailleurs", families=[BAILLEURS])
    response = client.post(
        LOGIN + "?next=/territoires/",
        {"username": member.username, "password": PASSWORD, "next": "/territoires/"},
    )
    assert response["Location"] == "/territoires/"
    client.post("/compte/deconnexion/")
    response = client.post(
        LOGIN,
        {"username": member.username, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == settings.LOGIN_REDIRECT_URL


def test_the_login_form_keeps_next_in_a_hidden_field(client):
    page = client.get(LOGIN + "?next=/espace-partenaires/bailleurs/").content.decode()
    assert '<input type="hidden" name="next" value="/espace-partenaires/bailleurs/">' in page


def test_wrong_credentials_are_listed_in_the_error_summary(client):
    make_user("membre.bailleurs", families=[BAILLEURS])
    response = client.post(LOGIN, {"username": "membre.bailleurs", "password": "faux"})
    assert response.status_code == 200
    page = text(response)
    assert 'class="error-summary"' in page
    assert 'value="membre.bailleurs"' in page
    assert "_auth_user_id" not in client.session


def test_missing_login_fields_are_named(client):
    page = text(client.post(LOGIN, {"username": "", "password": ""}))
    assert "Indiquez votre identifiant." in page
    assert "Indiquez votre mot de passe." in page


def test_an_expired_account_is_refused_with_the_french_message_and_its_date(client):
    member = make_user("membre.bailleurs", families=[BAILLEURS], expires_in_days=-2)
    response = client.post(LOGIN, {"username": member.username, "password": PASSWORD})
    assert response.status_code == 200
    with translation.override("fr"):
        date = date_format(member.maillage_profile.expires_on, "DATE_FORMAT")
    assert f"Votre accréditation a expiré le {date}" in text(response)
    assert "référent de votre famille de partenaires" in text(response)
    assert "_auth_user_id" not in client.session


def test_logout_is_post_only(client):
    member = make_user("membre.bailleurs", families=[BAILLEURS])
    client.force_login(member)
    assert client.get("/compte/deconnexion/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/compte/deconnexion/", follow=True)
    assert response.redirect_chain[0][0] == "/"
    assert "_auth_user_id" not in client.session


def test_a_tampered_password_link_is_refused_in_french(client):
    member = make_user("membre.bailleurs", families=[BAILLEURS])
    response = client.get("/compte/mot-de-passe/MQ/invalide-abc/")
    assert response.status_code == 200
    assert "Ce lien n’est plus valable" in text(response)
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
