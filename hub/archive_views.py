"""The referent's action: download the "project memory" of a space as a ZIP.

GET shows a confirmation page; POST (with the CSRF token) sends the archive. The rules:

- not logged in: the login page;
- neither an accredited superuser nor the referent of a family: 403, whatever the page id;
- a page id that is not a published partner space, or a space the person cannot see: 404
  (a tampered id tells nothing);
- a family space: its family's referent only (or a superuser), else 403;
- the shared space and instance spaces: any referent who can see them.

The archive holds only what the person sees (`hub.archive.export_space` asks
`hub.access`), is never cached (`private, no-store`) and is recorded in the journal.
"""

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods

from hub.access import can_view_page
from hub.archive import (
    SpaceNotVisible,
    archive_filename,
    can_export_space,
    export_space,
    may_export_any_space,
    plan_export,
)
from hub.models import PartnerSpacePage

#: Archives up to this size are built in memory, larger ones in a temporary file.
IN_MEMORY_LIMIT = 16 * 1024 * 1024


def _forbidden(request):
    return render(request, "403.html", status=403)


@login_required
@require_http_methods(["GET", "POST"])
def export_space_view(request, page_id):
    user = request.user
    if not may_export_any_space(user):
        return _forbidden(request)
    space = PartnerSpacePage.objects.live().filter(pk=page_id).first()
    if space is None or not can_view_page(user, space):
        raise Http404
    if not can_export_space(user, space):
        return _forbidden(request)
    if request.method != "POST":
        try:
            plan = plan_export(space, user)
        except SpaceNotVisible:
            raise Http404 from None
        response = render(request, "archive/confirm.html", {"space": space, "plan": plan})
        patch_cache_control(response, private=True, no_store=True)
        return response

    buffer = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_LIMIT)
    try:
        export_space(space, user, buffer)
    except SpaceNotVisible:
        buffer.close()
        raise Http404 from None
    except BaseException:
        buffer.close()
        raise
    buffer.seek(0)
    response = FileResponse(
        buffer,
        as_attachment=True,
        filename=archive_filename(space),
        content_type="application/zip",
    )
    patch_cache_control(response, private=True, no_store=True)
    response["X-Content-Type-Options"] = "nosniff"
    return response
