"""The second factor: who must use one, enrolment, verification, backup codes.

Built on django-otp alone (wagtail-2fa does not work with Wagtail 8: docs/architecture.md).
A person has at most one confirmed TOTP device (an authenticator app) and one static
device holding their single-use backup codes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from base64 import b32encode

import django_otp
import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Application d'authentification"
STATIC_DEVICE_NAME = "Codes de secours"


def must_use_second_factor(user) -> bool:
    """Everyone who can reach the Wagtail admin (editors, administrators) or who refers a
    partner family (approves accounts, exports a space)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.has_perm("wagtailadmin.access_admin"):
        return True
    from hub.accounts.models import PartnerFamily

    return PartnerFamily.objects.filter(referent=user).exists()


def has_confirmed_totp_device(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def unconfirmed_totp_device(user, create=True) -> TOTPDevice | None:
    """The device being enrolled: the same one on every reload of the setup page, so that
    the QR code the person may already have scanned stays valid."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None and create:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def secret_for_display(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for people who type it in by hand."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(data: str, title: str) -> str:
    """An inline SVG QR code (no image request leaves the page, nothing stored)."""
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    svg = image.get_image()
    svg.set("width", "240")
    svg.set("height", "240")
    svg.set("role", "img")
    svg.set("aria-labelledby", "qr-code-titre")
    svg.set("class", "qr-code")
    title_element = ET.Element("title", id="qr-code-titre")
    title_element.text = title
    svg.insert(0, title_element)
    return ET.tostring(svg, encoding="unicode")


def normalise_token(token: str) -> str:
    return "".join(token.split()).replace("-", "").lower()


def confirm_totp_device(device: TOTPDevice, token: str) -> bool:
    """Check the first code of a device being enrolled (django-otp throttles failures)."""
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if locked.confirmed or not locked.verify_token(normalise_token(token)):
            return False
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
        # Abandoned enrolments of the same person are of no further use.
        TOTPDevice.objects.devices_for_user(device.user, confirmed=False).delete()
    device.refresh_from_db()
    return True


def replace_backup_codes(user) -> list[str]:
    """A new set of single-use backup codes; the previous ones stop working."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=STATIC_DEVICE_NAME, defaults={"confirmed": True}
        )
        StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def remaining_backup_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify_second_factor(user, token: str):
    """Check a code against the person's confirmed devices, the authenticator app first,
    then the backup codes. Returns (device or None, throttled).

    A code made of as many digits as the app gives is tried on the app only, anything
    else on the backup codes only: a backup code typed in does not count as a failure
    against the app (django-otp slows down each device after its failures)."""
    token = normalise_token(token)
    if not token:
        return None, False
    totp_devices = list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
    if token.isdigit() and any(len(token) == device.digits for device in totp_devices):
        candidates = [device for device in totp_devices if len(token) == device.digits]
    else:
        candidates = list(StaticDevice.objects.devices_for_user(user, confirmed=True))
    throttled = False
    for device in candidates:
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            throttled = True
            continue
        verified = django_otp.verify_token(user, device.persistent_id, token)
        if verified is not None:
            return verified, False
    return None, throttled


def reset_second_factor(user) -> int:
    """Remove every second-factor device of a person (lost phone and lost codes). They
    enrol again at their next visit to the admin. Returns the number of devices removed."""
    removed = 0
    for device in list(django_otp.devices_for_user(user, confirmed=None)):
        device.delete()
        removed += 1
    return removed
