"""How django-axes names the account a login attempt is for (AXES_USERNAME_CALLABLE).

Usernames are counted case-insensitively and without surrounding spaces, so that
`Alice@example.org` and `alice@example.org ` share one failure count. With Django's default
(case-sensitive) backend this changes nothing; should logins ever become case-insensitive,
it stops an attacker from getting five tries per spelling.
"""

from django.conf import settings


def username_for_lockout(request, credentials=None):
    field = str(settings.AXES_USERNAME_FORM_FIELD)
    if credentials:
        username = credentials.get(field)
    else:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        username = data.get(field)
    if username is None:
        return None
    return str(username).strip().lower()
