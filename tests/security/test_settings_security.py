"""How the security settings plug into the project, and the reset command."""

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.settings.security import insert_security_middleware
from tests.security.conftest import backup_codes, confirmed_totp_device

AUTH = "django.contrib.auth.middleware.AuthenticationMiddleware"


def test_the_security_middleware_sits_after_authentication_and_axes_last():
    middleware = list(settings.MIDDLEWARE)
    position = middleware.index(AUTH)
    assert middleware[position + 1 : position + 4] == [
        "django_otp.middleware.OTPMiddleware",
        "hub.security.middleware.AdminSecondFactorMiddleware",
        "hub.security.middleware.SessionTimeoutMiddleware",
    ]
    assert middleware[-1] == "axes.middleware.AxesMiddleware"


def test_inserting_the_middleware_twice_changes_nothing():
    base = ["a", AUTH, "b"]
    once = insert_security_middleware(base)
    assert insert_security_middleware(once) == once
    assert base == ["a", AUTH, "b"], "the list given is not modified"


def test_the_axes_backend_comes_first_and_the_lockout_is_per_username_and_address():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    for app in ("django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"):
        assert app in settings.INSTALLED_APPS
    assert "axes" in settings.INSTALLED_APPS and "hub.security" in settings.INSTALLED_APPS


def test_the_reset_command_removes_every_device_of_the_person(administrator, member):
    confirmed_totp_device(administrator)
    backup_codes(administrator, "abcd2345")
    confirmed_totp_device(member)
    call_command("reset_second_factor", administrator.username, stdout=open("/dev/null", "w"))
    assert not TOTPDevice.objects.filter(user=administrator).exists()
    assert not StaticDevice.objects.filter(user=administrator).exists()
    assert TOTPDevice.objects.filter(user=member).exists()


def test_the_reset_command_names_an_unknown_account_in_french():
    with pytest.raises(CommandError, match="Aucun compte ne porte l'identifiant"):
        call_command("reset_second_factor", "personne")
