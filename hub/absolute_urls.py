"""Absolute addresses of the hub: the one place that decides which host a link names.

A printed PDF, a GeoJSON feature, a data·inclusion record or an exported file carries
links that leave the site: they must name the host the hub is really served from, never
`localhost` (the demo's Wagtail `Site` says `localhost`, and a PDF read on another machine
would point nowhere).

`site_root(request)` answers, in this order (the first that applies wins):

1. **the request**, when there is one: `request.build_absolute_uri("/")`, so the reader
   gets the host they used (validated by Django against `ALLOWED_HOSTS`; the scheme is
   https behind our proxy through `SECURE_PROXY_SSL_HEADER`). A Wagtail page on another
   site of the same hub keeps that site's own root (`page_url`).
2. without a request (a management command, a scheduled export), the first configured
   root that is not a loopback name (`localhost`, `127.0.0.1`, `::1`):
   a. the default Wagtail `Site`'s `root_url` (what the administrator set in the admin);
   b. `WAGTAILADMIN_BASE_URL` (the environment's address, already used by e-mails);
   c. the concrete entries of `ALLOWED_HOSTS` in their order (no wildcard, no leading
      dot), with https when `DEBUG` is off (production always serves https), else http.
3. if every configured root is a loopback name (a developer's machine), the first of
   them: a link to `localhost` is right there.
4. nothing configured at all: "" (the caller then writes a relative address).

The query-string helpers of the directory views are a different matter and stay where
they are.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]", "testserver"}


def _is_loopback(root: str) -> bool:
    host = (urlsplit(root).hostname or "").lower()
    return not host or host in LOOPBACK_HOSTS or host.endswith(".localhost")


def _clean(root: str | None) -> str:
    root = (root or "").strip().rstrip("/")
    return root if root.startswith(("http://", "https://")) else ""


def _default_site_root() -> str:
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).only("hostname", "port").first()
    return _clean(site.root_url) if site is not None else ""


def _allowed_host_roots() -> list[str]:
    scheme = "http" if settings.DEBUG else "https"
    return [
        f"{scheme}://{host}"
        for host in (h.strip() for h in getattr(settings, "ALLOWED_HOSTS", []) or [])
        if host and "*" not in host and not host.startswith(".")
    ]


def configured_roots() -> list[str]:
    """The roots a request-less caller may use, in the order of the module's docstring."""
    roots = [
        _default_site_root(),
        _clean(getattr(settings, "WAGTAILADMIN_BASE_URL", "")),
        *_allowed_host_roots(),
    ]
    return [root for root in roots if root]


def site_root(request=None) -> str:
    """`scheme://host[:port]` of the hub, without a trailing slash ("" when unknown)."""
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    roots = configured_roots()
    for root in roots:
        if not _is_loopback(root):
            return root
    return roots[0] if roots else ""


def absolute_url(path: str, request=None, *, root: str | None = None) -> str:
    """`path` (an address on the hub, "/annuaire/…") as an absolute URL. An already
    absolute URL is returned as it is. `root` saves the look-up when a caller builds many
    (an export: one `site_root()` for every record)."""
    if not path or path.startswith(("http://", "https://")):
        return path
    base = site_root(request) if root is None else root
    return base + (path if path.startswith("/") else "/" + path)


def page_url(page, request=None) -> str:
    """A Wagtail page's absolute URL, on the reader's host when the page belongs to the
    site the request reached (Wagtail's `full_url` would print the `Site`'s hostname, the
    demo's `localhost`); a page of another site keeps that site's root."""
    parts = page.get_url_parts(request)
    if not parts or parts[2] is None:
        return ""
    site_id, root_url, page_path = parts
    if request is not None:
        from wagtail.models import Site

        current = Site.find_for_request(request)
        if current is None or current.pk == site_id:
            return absolute_url(page_path, request)
        return _clean(root_url) + page_path
    root = _clean(root_url)
    if not root or _is_loopback(root):
        return absolute_url(page_path)
    return root + page_path
