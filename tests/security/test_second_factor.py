"""A second factor for everyone who can reach the Wagtail admin, and no one else."""

import logging
import re

from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.shortcuts import resolve_url
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.security.testing import force_login_with_second_factor
from tests.security.conftest import (
    PASSWORD,
    a_wrong_code,
    backup_codes,
    confirmed_totp_device,
    current_code,
    text_of,
)

SETUP = "/compte/2fa/configuration/"
VERIFY = "/compte/2fa/verification/"
BACKUP = "/compte/2fa/codes-de-secours/"


def enrol(client, user, password=PASSWORD, next_url="/admin/"):
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return client.post(
        SETUP, {"password": password, "token": current_code(device), "next": next_url}
    ), device


# --- Who is asked -------------------------------------------------------------------------


def test_an_administrator_without_a_device_is_sent_to_the_setup_page(client, administrator):
    client.force_login(administrator)
    response = client.get("/admin/pages/?ordering=title")
    assert response.status_code == 302
    assert response["Location"] == SETUP + "?next=%2Fadmin%2Fpages%2F%3Fordering%3Dtitle"


def test_an_editor_with_admin_access_through_a_group_is_asked_too(client, editor):
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)


def test_an_administrator_with_a_device_is_sent_to_the_verification_page(client, administrator):
    confirmed_totp_device(administrator)
    client.force_login(administrator)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == VERIFY + "?next=%2Fadmin%2F"


def test_login_logout_and_the_login_page_assets_stay_reachable(client, administrator):
    client.force_login(administrator)
    assert client.get("/admin/sprite/").status_code == 200
    assert client.get("/admin/jsi18n/").status_code == 200
    login_page = client.get("/admin/login/")
    assert "2fa" not in login_page.get("Location", "")
    client.post("/admin/logout/")
    assert "_auth_user_id" not in client.session


def test_public_pages_are_never_held_back_for_an_editor(client, editor):
    client.force_login(editor)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200


def test_an_unverified_administrator_is_held_back_everywhere(client, administrator):
    """An administrator reads every family's pages: a password alone opens nothing."""
    client.force_login(administrator)
    response = client.get("/sitemap.xml")
    assert response.status_code == 302
    assert response["Location"] == SETUP + "?next=%2Fsitemap.xml"


def test_a_partner_member_is_never_asked_for_a_code(client, member):
    client.force_login(member)
    assert client.get("/sitemap.xml").status_code == 200
    # The admin turns them away by itself, towards its login page, not to a code.
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    # The second-factor pages send them home.
    for path in (SETUP, VERIFY, BACKUP):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/", path
    assert not TOTPDevice.objects.filter(user=member).exists()


def test_the_second_factor_pages_need_a_login(client):
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL) + "?next=")


# --- Enrolment ------------------------------------------------------------------------------


def test_the_setup_page_shows_an_inline_qr_code_the_secret_and_an_accessible_form(
    client, administrator
):
    client.force_login(administrator)
    response = client.get(SETUP + "?next=/admin/pages/")
    assert response.status_code == 200
    assert response["Cache-Control"].count("no-store") == 1
    page = response.content.decode()
    device = TOTPDevice.objects.get(user=administrator)
    assert not device.confirmed
    assert "<svg" in page and 'role="img"' in page and "<title" in page
    assert "<img" not in page.split('<main id="contenu"', 1)[1], "no image request"
    secret = re.search(r'<p class="secret"><code>([A-Z2-7 ]+)</code>', page).group(1)
    assert len(secret.replace(" ", "")) == 32
    assert 'autocomplete="one-time-code"' in page
    assert 'autocomplete="current-password"' in page
    assert '<label for="id_password">' in page and '<label for="id_token">' in page
    assert 'name="next" value="/admin/pages/"' in page


def test_reloading_the_setup_page_keeps_the_same_secret(client, administrator):
    client.force_login(administrator)
    secret = re.compile(r'<p class="secret"><code>([A-Z2-7 ]+)</code>')
    first = secret.search(client.get(SETUP).content.decode()).group(1)
    second = secret.search(client.get(SETUP).content.decode()).group(1)
    assert TOTPDevice.objects.filter(user=administrator).count() == 1
    assert first == second


def test_enrolling_confirms_the_device_and_shows_ten_backup_codes_once(
    client, administrator, caplog
):
    client.force_login(administrator)
    with caplog.at_level(logging.INFO, logger="maillage.security"):
        response, device = enrol(client, administrator, next_url="/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == BACKUP + "?next=%2Fadmin%2Fpages%2F"
    device.refresh_from_db()
    assert device.confirmed

    page = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=administrator).values_list("token", flat=True)
    )
    assert "ils ne seront plus" in page and 'href="/admin/pages/"' in page

    # Shown once only.
    again = client.get(BACKUP).content.decode()
    assert not re.findall(r"<li><code>", again)
    assert "Il vous reste 10 codes de secours" in again

    # The session is verified: the admin opens.
    assert client.get("/admin/").status_code == 200

    # An audit line, and a note to the account's owner.
    assert any(
        "Double authentification activée" in record.getMessage()
        and administrator.username in record.getMessage()
        for record in caplog.records
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [administrator.email]
    assert "Si ce n'est pas vous" in mail.outbox[0].body


def test_enrolling_needs_the_password_again(client, administrator):
    client.force_login(administrator)
    response, device = enrol(client, administrator, password="pas-le-bon")
    assert response.status_code == 200
    assert "Mot de passe incorrect." in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/admin/").status_code == 302


def test_enrolling_with_a_wrong_code_fails_in_french(client, administrator):
    client.force_login(administrator)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=administrator)
    response = client.post(SETUP, {"password": PASSWORD, "token": a_wrong_code(device)})
    assert response.status_code == 200
    assert "Code incorrect ou expiré." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_wrong_passwords_on_the_setup_page_count_towards_the_lockout(client, administrator):
    client.force_login(administrator)
    client.get(SETUP)
    for _ in range(4):
        assert client.post(SETUP, {"password": "x", "token": "123456"}).status_code == 200
    assert client.post(SETUP, {"password": "x", "token": "123456"}).status_code == 429
    # What axes keeps of the attempts holds neither the password nor the code.
    post_data = AccessAttempt.objects.get().post_data
    assert "123456" not in post_data and "password=x" not in post_data


def test_a_second_device_cannot_be_enrolled_over_the_first(client, administrator):
    confirmed_totp_device(administrator)
    client.force_login(administrator)
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=administrator).count() == 1


# --- Verification ---------------------------------------------------------------------------


def test_the_right_code_opens_the_admin(client, administrator):
    device = confirmed_totp_device(administrator)
    client.force_login(administrator)
    page = client.get(VERIFY + "?next=/admin/pages/").content.decode()
    assert 'autocomplete="one-time-code"' in page
    response = client.post(VERIFY, {"token": current_code(device), "next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_in_french_and_the_admin_stays_closed(client, administrator):
    device = confirmed_totp_device(administrator)
    client.force_login(administrator)
    response = client.post(VERIFY, {"token": a_wrong_code(device)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Code incorrect ou expiré." in page
    assert 'role="alert"' in page and 'href="#id_token"' in page
    assert client.get("/admin/").status_code == 302


def test_django_otp_throttling_refuses_a_right_code_just_after_a_failure(client, administrator):
    device = confirmed_totp_device(administrator)
    client.force_login(administrator)
    client.post(VERIFY, {"token": a_wrong_code(device)})
    response = client.post(VERIFY, {"token": current_code(device)})
    assert response.status_code == 200
    assert "Trop d'essais infructueux" in text_of(response)
    assert client.get("/admin/").status_code == 302


def test_a_backup_code_works_once_only(client, administrator):
    confirmed_totp_device(administrator)
    backup_codes(administrator, "abcd2345", "efgh6723")
    client.force_login(administrator)
    # Typed in capitals, with a space: still accepted.
    response = client.post(VERIFY, {"token": "ABCD 2345"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200

    client.post("/admin/logout/")
    client.force_login(administrator)
    response = client.post(VERIFY, {"token": "abcd2345"})
    assert response.status_code == 200
    assert "Code incorrect ou expiré." in response.content.decode()
    assert client.get("/admin/").status_code == 302
    # The other code still works (once django-otp's one-second pause after a failure is over).
    StaticDevice.objects.get(user=administrator).throttle_reset()
    assert client.post(VERIFY, {"token": "efgh6723"}).status_code == 302


def test_a_backup_code_does_not_slow_down_the_app(client, administrator):
    device = confirmed_totp_device(administrator)
    backup_codes(administrator, "abcd2345")
    client.force_login(administrator)
    client.post(VERIFY, {"token": "abcd2345"})
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_next_pointing_to_another_site_is_ignored(client, administrator):
    device = confirmed_totp_device(administrator)
    client.force_login(administrator)
    response = client.post(VERIFY, {"token": current_code(device), "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_next_with_a_scheme_relative_url_is_ignored_too(client, administrator):
    device = confirmed_totp_device(administrator)
    client.force_login(administrator)
    page = client.get(VERIFY + "?next=//evil.example/").content.decode()
    assert 'name="next" value="/admin/"' in page
    response = client.post(VERIFY, {"token": current_code(device), "next": "//evil.example/"})
    assert response["Location"] == "/admin/"


def test_a_verified_session_skips_the_verification_page(client, administrator):
    force_login_with_second_factor(client, administrator)
    response = client.get(VERIFY + "?next=/admin/pages/")
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"


def test_a_verified_person_can_make_a_new_set_of_backup_codes(client, administrator):
    force_login_with_second_factor(client, administrator)
    backup_codes(administrator, "abcd2345")
    response = client.post(BACKUP)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(codes) == 10
    assert not StaticToken.objects.filter(token="abcd2345").exists()


def test_an_unverified_session_cannot_see_or_make_backup_codes(client, administrator):
    confirmed_totp_device(administrator)
    client.force_login(administrator)
    assert client.post(BACKUP).status_code == 302
    assert not StaticToken.objects.exists()


def test_verification_gives_the_session_a_new_key(client, administrator):
    device = confirmed_totp_device(administrator)
    client.force_login(administrator)
    before = client.session.session_key
    client.post(VERIFY, {"token": current_code(device)})
    assert client.session.session_key != before
    assert client.get("/admin/").status_code == 200


def test_an_anonymous_visitor_of_the_admin_gets_its_login_page(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
