"""Two rules that hold on every request.

1. An account whose accreditation has expired (or that was deactivated) is logged out at
   its next request, with a clear French message: it then sees what the public sees.
   A person removed from a group loses access at the next request too, because the
   access policy reads the groups afresh on each request.
2. A response given to a logged-in person, or that serves something restricted, is never
   stored by a shared cache: `Cache-Control: private, no-store`.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hub.access import is_accredited


class AccreditationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        was_authenticated = bool(user and user.is_authenticated)
        if was_authenticated and not is_accredited(user):
            message = expired_message(user)
            logout(request)
            messages.warning(request, message)
        response = self.get_response(request)
        if was_authenticated or getattr(request, "maillage_restricted", False):
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ["Cookie"])
        return response


def expired_message(user):
    profile = getattr(user, "maillage_profile", None)
    if not user.is_active:
        return _("Ce compte est désactivé. Contactez le référent de votre famille de partenaires.")
    if profile is not None and profile.expires_on:
        return _(
            "Votre accréditation a expiré le %(date)s. Demandez son renouvellement au "
            "référent de votre famille de partenaires."
        ) % {"date": date_format(profile.expires_on, "DATE_FORMAT")}
    return _("Votre accréditation n'est plus valable.")
