"""For tests that open the admin: log in as if the second factor had been typed.

    from hub.security.testing import force_login_with_second_factor
    force_login_with_second_factor(client, user)

`client.force_login(user)` alone leaves an editor's session unverified, and every admin
URL then redirects to the second-factor pages."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.security.otp import TOTP_DEVICE_NAME


def force_login_with_second_factor(client, user):
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
