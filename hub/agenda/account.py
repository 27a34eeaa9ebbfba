"""/compte/agenda/: a partner's secret address for the personal calendar feed.

The address is shown once, in the answer that makes it (only its digest is kept); the
person may make a new one (the old one stops at once) or revoke it. Accredited accounts
only: an expired account is logged out before this view (AccreditationMiddleware)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hub.access import is_accredited
from hub.agenda.models import FeedToken


def feed_address(request, token: str) -> str:
    return request.build_absolute_uri(reverse("agenda:personal_feed")) + f"?jeton={token}"


@login_required
@require_http_methods(["GET", "POST"])
def feed_settings(request):
    if not is_accredited(request.user):
        raise PermissionDenied
    address = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revoke":
            FeedToken.revoke(request.user)
            messages.success(request, _("Votre adresse d'abonnement est révoquée."))
            return redirect("agenda:feed_settings")
        if action == "issue":
            address = feed_address(request, FeedToken.issue(request.user))
    feed = FeedToken.objects.filter(user=request.user).first()
    response = render(request, "agenda/feed_settings.html", {"feed": feed, "address": address})
    patch_cache_control(response, private=True, no_store=True)
    return response
