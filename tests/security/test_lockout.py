"""Brute force on the login form: five failures lock one username from one address."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import override_settings

from tests.security.conftest import PASSWORD

LOGIN = "/admin/login/"


def attempt(client, username, password="pas-le-bon", login=LOGIN, **meta):
    return client.post(login, {"username": username, "password": password}, **meta)


def fail_four_times(client, username, **meta):
    for _ in range(4):
        response = attempt(client, username, **meta)
        assert response.status_code == 200, "the form answers normally before the limit"


@pytest.mark.parametrize("login_page", ["admin", "site"])
def test_the_fifth_failure_locks_the_account_with_a_french_429(client, administrator, login_page):
    """On Wagtail's login form and on the site's own (settings.LOGIN_URL) alike."""
    login = LOGIN if login_page == "admin" else resolve_url(settings.LOGIN_URL)
    fail_four_times(client, administrator.username, login=login)
    response = attempt(client, administrator.username, login=login)
    assert response.status_code == 429
    text = response.content.decode()
    assert "Compte temporairement bloqué" in text
    assert "bloquée pendant 15 minutes" in text


def test_the_right_password_is_refused_while_locked(client, administrator):
    fail_four_times(client, administrator.username)
    attempt(client, administrator.username)
    response = attempt(client, administrator.username, password=PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_four_failures_then_the_right_password_logs_in_and_clears_the_count(client, administrator):
    fail_four_times(client, administrator.username)
    response = attempt(client, administrator.username, password=PASSWORD)
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=administrator.username).exists()


def test_another_username_from_the_same_address_is_not_locked(client, administrator, member):
    fail_four_times(client, administrator.username)
    attempt(client, administrator.username)
    response = attempt(client, member.username, password=PASSWORD)
    # The member logs in (and the admin, not for them, sends them back to its login page).
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_the_same_username_from_another_address_is_not_locked(client, administrator):
    fail_four_times(client, administrator.username, REMOTE_ADDR="192.0.2.10")
    attempt(client, administrator.username, REMOTE_ADDR="192.0.2.10")
    response = attempt(client, administrator.username, password=PASSWORD, REMOTE_ADDR="192.0.2.20")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(administrator.pk)


@override_settings(MAILLAGE_TRUSTED_PROXIES=[])
def test_a_forged_x_forwarded_for_from_an_untrusted_client_is_ignored(client, administrator):
    for number in range(4):
        attempt(
            client,
            administrator.username,
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )
    response = attempt(
        client,
        administrator.username,
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert response.status_code == 429, "changing the header does not escape the lockout"
    addresses = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert addresses == {"203.0.113.9"}


@override_settings(MAILLAGE_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_x_forwarded_for_is_honoured_from_a_trusted_proxy(client, administrator):
    through_proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(4):
        attempt(
            client, administrator.username, HTTP_X_FORWARDED_FOR="198.51.100.7", **through_proxy
        )
    # The client cannot choose its address by writing to the left of the proxy's entry.
    response = attempt(
        client,
        administrator.username,
        HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7",
        **through_proxy,
    )
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}

    # Another client behind the same proxy is not locked out.
    response = attempt(
        client,
        administrator.username,
        password=PASSWORD,
        HTTP_X_FORWARDED_FOR="198.51.100.8",
        **through_proxy,
    )
    assert response.status_code == 302


def test_a_failed_login_is_recorded_against_the_username_and_address(client, administrator):
    attempt(client, administrator.username, REMOTE_ADDR="192.0.2.30")
    record = AccessAttempt.objects.get()
    assert (record.username, record.ip_address, record.failures_since_start) == (
        administrator.username,
        "192.0.2.30",
        1,
    )
    assert PASSWORD not in record.post_data and "pas-le-bon" not in record.post_data


def test_the_username_is_counted_whatever_its_capitals(client, administrator):
    for _ in range(4):
        attempt(client, administrator.username.upper())
    response = attempt(client, f"  {administrator.username.capitalize()}")
    assert response.status_code == 429
    assert attempt(client, administrator.username, password=PASSWORD).status_code == 429
