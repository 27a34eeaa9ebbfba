"""People and helpers for the login-hardening tests."""

import html

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "un-mot-de-passe-assez-long"


def make_user(username, **extra):
    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, **extra
    )


@pytest.fixture
def administrator():
    return make_user("admin.maillage", is_staff=True, is_superuser=True)


@pytest.fixture
def editor():
    """An editor: no superuser flag, admin access through a group (as referents have)."""
    group = Group.objects.create(name="Éditeurs de test")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user = make_user("editrice")
    user.groups.add(group)
    return user


@pytest.fixture
def member():
    """A partner member: logged in, no access to the admin."""
    return make_user("membre.partenaire")


def current_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def a_wrong_code(device):
    right = int(current_code(device))
    return f"{(right + 500_000) % 1_000_000:06d}"


def confirmed_totp_device(user):
    return TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)


def backup_codes(user, *codes):
    device = StaticDevice.objects.create(user=user, name="Codes de secours", confirmed=True)
    for code in codes:
        device.token_set.create(token=code)
    return device


def text_of(response):
    """The page as a reader sees it: entities such as &#x27; turned back into characters."""
    return html.unescape(response.content.decode())
