"""WeasyPrint's URL fetcher, locked down: the project's static files and nothing else.

A PDF is built from content that editors (and, through rich text, anyone who can write
a chapter) control. Left to itself WeasyPrint would open `file:///etc/passwd` or fetch
`http://169.254.169.254/...` from the server, and put the result in the PDF. So every URL
the HTML or the CSS names goes through `SafeURLFetcher.fetch`, which:

- serves a URL only when it points under `STATIC_URL` on the site's own origin (the
  `base_url` the document was rendered with) and the file is found by
  `django.contrib.staticfiles.finders` (the same lookup `collectstatic` uses), read from
  disk here: no HTTP request is ever made, not even to the site itself;
- refuses everything else: `file://`, `http(s)://` to any other host, `data:`, `ftp:`,
  media files (images in Wagtail are public, but the PDF needs none), paths that climb
  out of the static directories. Each refusal is logged and raised as a
  `URLFetchingError`; WeasyPrint then leaves the resource out and goes on.
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

logger = logging.getLogger("maillage.pdf")

# The biggest static file a PDF may embed (the logo and the stylesheet are a few KB).
MAX_STATIC_BYTES = 5 * 1024 * 1024


class RefusedURL(URLFetchingError):
    """The fetcher refused a URL (outside the project's static files)."""


def _origin(url):
    parts = urlsplit(url)
    return (parts.scheme.lower(), (parts.hostname or "").lower(), parts.port)


class SafeURLFetcher(URLFetcher):
    """Serves the project's static files from disk; refuses every other URL.

    `requested`, `served` and `refused` record what WeasyPrint asked for, so that tests
    (and the logs) can show that nothing else was reached."""

    def __init__(self, base_url):
        # No handler is ever used (fetch never calls urllib), but the parent's state
        # (`_fail_on_errors`, read by weasyprint.urls.fetch) must exist.
        super().__init__(allowed_protocols=(), fail_on_errors=False)
        self.base_url = base_url
        static_url = settings.STATIC_URL or "/static/"
        # STATIC_URL may be a path ("/static/") or a full URL (a CDN): resolve it against
        # the document's base URL so that both compare the same way.
        self.static_root_url = urljoin(base_url, static_url)
        self.requested: list[str] = []
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        path = self._static_path(url)
        if path is None:
            return self._refuse(url, "hors des fichiers statiques du projet")
        found = find_static(path)
        if not found:
            return self._refuse(url, "fichier statique introuvable")
        file_path = Path(found)
        if not file_path.is_file() or file_path.stat().st_size > MAX_STATIC_BYTES:
            return self._refuse(url, "fichier statique illisible ou trop gros")
        content_type, _encoding = mimetypes.guess_type(file_path.name)
        self.served.append(url)
        return URLFetcherResponse(
            url,
            file_path.read_bytes(),
            headers={"Content-Type": content_type or "application/octet-stream"},
        )

    def __call__(self, url):
        return self.fetch(url)

    def _static_path(self, url):
        """The path of `url` relative to the static root, or None when it is not one of
        the project's static URLs."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        if parts.scheme.lower() not in ("http", "https"):
            # file:, data:, ftp:, javascript:... never.
            return None
        if _origin(url) != _origin(self.static_root_url):
            # Another host (or port, or scheme): the network is never used.
            return None
        static_prefix = urlsplit(self.static_root_url).path
        if not parts.path.startswith(static_prefix):
            return None
        relative = unquote(parts.path[len(static_prefix) :])
        # Refuse any climbing or absolute path, before and after normalising: finders
        # use safe_join too, this is the belt to its braces.
        if "\\" in relative or "\x00" in relative or relative.startswith("/"):
            return None
        if ".." in relative.split("/"):
            return None
        normalised = posixpath.normpath(relative)
        if normalised.startswith(("..", "/")) or normalised == ".":
            return None
        return normalised

    def _refuse(self, url, reason):
        self.refused.append(url)
        logger.warning("PDF : ressource refusée (%s) : %.200s", reason, url)
        raise RefusedURL(f"{reason}: {url[:200]}")


def find_static(path):
    """`finders.find`, answering None rather than raising on a path that climbs out."""
    try:
        return finders.find(path)
    except SuspiciousFileOperation:
        return None
