"""A logged-in session ends after 30 minutes without a request, and 12 hours after the
login whatever the activity."""

import time

from django.conf import settings
from django.test import override_settings

from hub.security.middleware import LAST_SEEN_SESSION_KEY, LOGIN_AT_SESSION_KEY
from hub.security.testing import force_login_with_second_factor
from tests.security.conftest import text_of


def set_clocks(client, *, login_ago=0, last_seen_ago=0):
    session = client.session
    now = int(time.time())
    session[LOGIN_AT_SESSION_KEY] = now - login_ago
    session[LAST_SEEN_SESSION_KEY] = now - last_seen_ago
    session.save()


def test_the_defaults_are_thirty_minutes_idle_and_twelve_hours_in_all():
    assert settings.MAILLAGE_SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_logging_in_starts_both_clocks(client, member):
    before = int(time.time())
    client.force_login(member)
    session = client.session
    assert session[LOGIN_AT_SESSION_KEY] >= before
    assert session[LAST_SEEN_SESSION_KEY] >= before


def test_after_thirty_minutes_without_activity_the_person_is_logged_out(client, administrator):
    force_login_with_second_factor(client, administrator)
    set_clocks(client, login_ago=31 * 60, last_seen_ago=31 * 60)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/", "asked again, now anonymously"
    assert "_auth_user_id" not in client.session

    # The admin then asks for the login, and says why.
    login = client.get("/admin/pages/", follow=True)
    assert login.redirect_chain[-1][0].startswith("/admin/login/?next=")
    assert "Votre session a expiré après une période d'inactivité. Reconnectez-vous." in (
        text_of(login)
    )


def test_activity_keeps_the_session_alive(client, administrator):
    force_login_with_second_factor(client, administrator)
    set_clocks(client, login_ago=29 * 60, last_seen_ago=29 * 60)
    assert client.get("/admin/").status_code == 200
    assert client.session[LAST_SEEN_SESSION_KEY] >= int(time.time()) - 5
    assert client.get("/admin/").status_code == 200


def test_requests_close_together_do_not_rewrite_the_session(client, member):
    client.force_login(member)
    set_clocks(client, last_seen_ago=10)
    stamp = client.session[LAST_SEEN_SESSION_KEY]
    client.get("/sitemap.xml")
    assert client.session[LAST_SEEN_SESSION_KEY] == stamp


def test_after_twelve_hours_the_person_is_logged_out_even_if_active(client, administrator):
    force_login_with_second_factor(client, administrator)
    set_clocks(client, login_ago=12 * 60 * 60 + 1, last_seen_ago=10)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    login = client.get("/admin/", follow=True)
    assert "la durée maximale de connexion est atteinte" in login.content.decode()


@override_settings(MAILLAGE_SESSION_IDLE_TIMEOUT=60)
def test_the_idle_limit_comes_from_the_settings(client, member):
    client.force_login(member)
    set_clocks(client, last_seen_ago=61)
    client.get("/sitemap.xml")
    assert "_auth_user_id" not in client.session


def test_a_form_sent_after_expiry_goes_on_anonymously(client, administrator):
    force_login_with_second_factor(client, administrator)
    set_clocks(client, login_ago=31 * 60, last_seen_ago=31 * 60)
    response = client.post("/admin/pages/add/", {})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session


def test_anonymous_visits_create_no_session(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_a_session_from_before_the_clocks_starts_counting_now(client, member):
    client.force_login(member)
    session = client.session
    del session[LOGIN_AT_SESSION_KEY]
    del session[LAST_SEEN_SESSION_KEY]
    session.save()
    client.get("/sitemap.xml")
    assert "_auth_user_id" in client.session
    assert client.session[LOGIN_AT_SESSION_KEY] >= int(time.time()) - 5
