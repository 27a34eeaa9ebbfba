"""Serving rules of the access policy, applied before Wagtail serves a page or a document.

Wagtail already enforces view restrictions when it serves; these hooks ask
`hub.access` as well (one policy, every channel), mark restricted responses so that they
are sent with `Cache-Control: private, no-store`, and give a logged-in person without
rights a clear French 403 rather than a login loop.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from wagtail import hooks

from hub import access, admin_access


def _refuse(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.WAGTAIL_FRONTEND_LOGIN_URL)
    return render(request, "403.html", status=403)


@hooks.register("before_serve_page", order=-100)
def check_page_access(page, request, serve_args, serve_kwargs):
    if not page.get_view_restrictions().exists():
        return None
    request.maillage_restricted = True
    if not access.can_view_page(request.user, page):
        return _refuse(request)
    return None


@hooks.register("before_serve_document", order=-100)
def check_document_access(document, request):
    if not document.collection.get_view_restrictions().exists():
        return None
    request.maillage_restricted = True
    if not access.can_view_document(request.user, document):
        return _refuse(request)
    return None


# The admin lists to an editor only what the editor may view (issue 11): hub.admin_access.
admin_access.register_hooks()
