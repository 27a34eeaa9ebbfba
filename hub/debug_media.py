"""The development server's `/media/` (DEBUG only): images, never documents.

Documents may be private (their collection's view restriction): they are served only by
Wagtail's serve view (`/documents/<id>/<nom>`), which asks the access policy. A plain
static route would hand `/media/documents/…` to anyone, so this one serves an
allow-list of folders, after normalising the path (`images/../documents/…`, `//…`).
"""

from __future__ import annotations

import posixpath

from django.conf import settings
from django.http import Http404
from django.views.static import serve

# Wagtail's images have no privacy: originals and renditions are public.
PUBLIC_MEDIA_DIRS = ("original_images", "images")


def serve_public_media(request, path: str):
    normalised = posixpath.normpath(path).lstrip("/")
    if normalised.split("/", 1)[0] not in PUBLIC_MEDIA_DIRS:
        raise Http404("Fichier non servi ici.")
    return serve(request, normalised, document_root=settings.MEDIA_ROOT)
