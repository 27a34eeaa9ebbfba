"""/compte/mes-donnees/: the right of access for a logged-in person. The page says what the
download holds; its button (`?format=json`) sends the JSON document built by
`hub.privacy.access_request`, as an attachment that no cache keeps.

Anyone logged in may download their own data, whatever their tier: it is theirs. An
expired or deactivated account is logged out before this view runs
(`AccreditationMiddleware`): such a person writes to the address of
/donnees-personnelles/ and an administrator answers from /admin/donnees-personne/.
"""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from hub.privacy import access_request, notice

logger = logging.getLogger("maillage.privacy")


def json_download(data: dict) -> HttpResponse:
    """The JSON attachment, never stored by a cache."""
    response = HttpResponse(access_request.as_json(data), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{access_request.filename()}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_GET
def my_data(request):
    # Only one's own data: the person is the logged-in account, never a parameter.
    if request.GET.get("format") == "json":
        person = access_request.person_for_user(request.user)
        logger.info("Droit d'accès : téléchargement par le compte n° %s.", request.user.pk)
        return json_download(access_request.build(person))
    return render(request, "privacy/my_data.html", {"contact": notice.contact_address()})
