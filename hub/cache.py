"""Whole-page cache for anonymous visitors.

One middleware, placed early in production (right after whitenoise and the rate limits,
before the CSP, the session and every security middleware but Django's), both serves a
stored copy and stores new ones: on the way in, an anonymous GET or HEAD is answered from
the cache, in one round trip to it, without touching the session, the database or a
template; on the way out, a response is stored only when every rule below says it is the
same for every anonymous visitor.

What is never stored:
- anything but a 200 answer to a GET (redirects, among them the one to the login page,
  errors, streaming and file responses);
- a request that carries a session or a messages cookie, or an `Authorization` header: it
  may belong to someone logged in, or show a one-off message;
- a response to a logged-in person, a response marked `request.maillage_restricted`
  (hub/wagtail_hooks.py) or sent with `Cache-Control: private`, `no-store` or `no-cache`
  (hub/accounts/middleware.py adds them for both);
- a response that sets a cookie, or whose page used the CSRF token (its forms carry a
  token bound to one visitor's cookie);
- a response that varies on everything (`Vary: *`);
- a query string longer than `MAX_QUERY_LENGTH`, or a new variant of a path that already
  has `MAILLAGE_PAGE_CACHE_VARIANTS_PER_PATH` copies (junk query strings cannot fill it);
- the paths of `MAILLAGE_PAGE_CACHE_EXCLUDED_PATHS` (admin, accounts, documents, search).

The key holds the scheme, the host, the path with its query string (parameters sorted by
name, so `?a=1&b=2` and `?b=2&a=1` share a copy) and the language, so that `/` in French
and `/` in English, or two sites, never share a copy; and the value of every request
header the response varies on (its `Vary`, remembered per URL as Django's own cache does):
a gzipped answer is never served to a client that did not ask for gzip. Every copy is
stored with the version token current when it was made, and served only while that token
is still the current one: publishing, unpublishing, moving or deleting a page, changing a view
restriction, a site, a redirect, a document, an image or a directory entry replaces it
with a new random token, which empties the page cache at once (on every worker, since the
token lives in the shared cache). If the token itself is evicted, a new one is drawn: an
eviction can only empty the cache, never bring an old copy back.

Bulk writes send no signal: whatever changes public content in bulk (the directory
imports, a search rebuild, a restore) calls `invalidate()` when it is done.

`MAILLAGE_PAGE_CACHE_SECONDS` sets the lifetime; 0 (the default outside production)
switches the cache off.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.utils.cache import cc_delim_re, get_max_age
from django.utils.translation import get_language_from_request

logger = logging.getLogger("maillage.cache")

VERSION_KEY = "maillage-page-cache:version"
KEY_PREFIX = "maillage-page-cache:page"
# The response header that says where an answer came from ("hit" or "miss").
STATUS_HEADER = "X-Maillage-Cache"
DEFAULT_EXCLUDED_PATHS = ("/admin/", "/django-admin/", "/compte/", "/documents/", "/recherche/")
# Request headers a response may vary on that the key covers without reading them: the
# cookie (only requests without a session or messages cookie are served or stored) and the
# language (in the key already). Every other header in `Vary` is read into the key.
KEYED_ELSEWHERE = {"cookie", "accept-language"}
# Longer query strings are never cached: no page of the hub needs one.
MAX_QUERY_LENGTH = 1024
DEFAULT_VARIANTS_PER_PATH = 50
# Models whose changes can show on a public page (app labels, or app_label.model_name).
INVALIDATING_MODELS = (
    "directory",
    "guide",
    "hub",
    "wagtailcore.page",
    "wagtailcore.pageviewrestriction",
    "wagtailcore.collectionviewrestriction",
    "wagtailcore.site",
    "wagtailcore.collection",
    "wagtaildocs",
    "wagtailimages.image",
    "wagtailredirects",
)


def cache_seconds() -> int:
    return int(getattr(settings, "MAILLAGE_PAGE_CACHE_SECONDS", 0) or 0)


def page_cache():
    return caches[getattr(settings, "MAILLAGE_PAGE_CACHE_ALIAS", "default")]


def variants_per_path() -> int:
    return int(
        getattr(settings, "MAILLAGE_PAGE_CACHE_VARIANTS_PER_PATH", DEFAULT_VARIANTS_PER_PATH)
    )


def excluded_paths() -> tuple[str, ...]:
    return tuple(getattr(settings, "MAILLAGE_PAGE_CACHE_EXCLUDED_PATHS", DEFAULT_EXCLUDED_PATHS))


# --- The version token -----------------------------------------------------------------------


def current_version(cache=None) -> str:
    cache = cache or page_cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def clear_page_cache() -> None:
    """Forget every stored page (a new version token: old keys are never read again)."""
    page_cache().set(VERSION_KEY, uuid.uuid4().hex, None)


def _chrome_cache_on() -> bool:
    # hub/chrome.py keys its copies on the same version token (settings read here: chrome
    # imports this module, not the other way round).
    return int(getattr(settings, "MAILLAGE_CHROME_CACHE_SECONDS", 300) or 0) > 0


def invalidate(**kwargs) -> None:
    """Empty the page cache (and the chrome cache, hub/chrome.py) now and again once the
    transaction commits (a request served between the two would otherwise store the old
    content anew). A signal receiver, and the public call for bulk writes that send no
    signal (imports, search rebuilds)."""
    if cache_seconds() <= 0 and not _chrome_cache_on():
        return
    clear_page_cache()
    transaction.on_commit(clear_page_cache)


def _changes_public_pages(sender) -> bool:
    meta = getattr(sender, "_meta", None)
    if meta is None:
        return False
    return meta.app_label in INVALIDATING_MODELS or meta.label_lower in INVALIDATING_MODELS


def _on_model_change(sender, **kwargs):
    if _changes_public_pages(sender):
        invalidate()


def _on_m2m_change(sender, action, instance=None, **kwargs):
    # Either side: groups added to a view restriction (`restriction.groups.add(group)`:
    # the model is Group, the instance the restriction) change who sees its page.
    if action.startswith("post_") and (
        _changes_public_pages(kwargs["model"]) or _changes_public_pages(type(instance))
    ):
        invalidate()


def connect_signals() -> None:
    """Idempotent (every receiver has a dispatch_uid). Called by the middleware, and to be
    called from an AppConfig.ready() so that management commands invalidate too."""
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal, name in (
        (page_published, "published"),
        (page_unpublished, "unpublished"),
        (post_page_move, "moved"),
    ):
        signal.connect(invalidate, dispatch_uid=f"maillage-page-cache-{name}")
    post_save.connect(_on_model_change, dispatch_uid="maillage-page-cache-save")
    post_delete.connect(_on_model_change, dispatch_uid="maillage-page-cache-delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="maillage-page-cache-m2m")


# --- The middleware --------------------------------------------------------------------------


def _bypass_cookies() -> set[str]:
    return {settings.SESSION_COOKIE_NAME, "messages"}


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def normalised_query(request) -> str:
    """The query string with its parameters sorted by name (the values of one name keep
    their order: a view may read them as a list)."""
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


def _header_value(request, header: str) -> str:
    value = request.headers.get(header, "")
    if header == "accept-encoding":
        # "gzip, br" and "br,gzip;q=1.0" ask for the same thing; a coding refused with q=0
        # is not asked for at all.
        codings = set()
        for part in value.lower().split(","):
            name, _, params = part.strip().partition(";")
            if name and params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
                codings.add(name.strip())
        return ",".join(sorted(codings))
    return " ".join(value.split())


def _url_base(request) -> str | None:
    """Scheme, host and path: what the per-path bound and the `Vary` memory are about."""
    try:
        return f"{request.scheme}://{request.get_host()}{request.path}"
    except DisallowedHost:
        return None


def _vary_key(base: str) -> str:
    # Holds (version, headers): a copy of another version is never read.
    return f"{KEY_PREFIX}:vary:{_digest(base)}"


def _count_key(base: str, version: str) -> str:
    return f"{KEY_PREFIX}:{version}:count:{_digest(base)}"


def _cache_key(request, headers: tuple[str, ...]) -> str | None:
    # Holds (version, response): a copy of another version is never served.
    base = _url_base(request)
    if base is None:
        return None
    language = get_language_from_request(request)
    values = [f"{header}={_header_value(request, header)}" for header in headers]
    digest = _digest(base, normalised_query(request), language, *values)
    return f"{KEY_PREFIX}:{digest}"


def _varied_headers(response) -> tuple[str, ...] | None:
    """The request headers the response varies on that the key must read; None for
    `Vary: *` (it varies on everything: never stored)."""
    vary = {value.strip().lower() for value in cc_delim_re.split(response.get("Vary", ""))}
    vary.discard("")
    if "*" in vary:
        return None
    return tuple(sorted(vary - KEYED_ELSEWHERE))


def _request_may_use_cache(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path_info.startswith(excluded_paths()):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return False
    return not (_bypass_cookies() & set(request.COOKIES))


def _cache_control_directives(response) -> set[str]:
    header = response.get("Cache-Control", "")
    return {part.split("=", 1)[0].strip().lower() for part in cc_delim_re.split(header) if part}


def storable_seconds(request, response) -> int:
    """How long this response may be kept for every anonymous visitor; 0: never."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return 0
    if getattr(request, "maillage_restricted", False):
        return 0
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return 0
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return 0
    if getattr(request, "_csp_nonce", None) is not None:
        return 0  # a CSP nonce is for one answer only (no page of the hub uses one)
    if _cache_control_directives(response) & {"private", "no-store", "no-cache"}:
        return 0
    if _varied_headers(response) is None:
        return 0
    seconds = cache_seconds()
    max_age = get_max_age(response)
    if max_age is not None:
        seconds = min(seconds, max_age)
    return max(seconds, 0)


class AnonymousPageCacheMiddleware:
    """In production it sits right after whitenoise and the rate limits, outside the CSP
    middleware (hub/settings/security.py): a stored copy carries the CSP header its
    answer was given with, and a hit runs neither the CSP, nor the session, the second
    factor, the lockout or the accreditation middleware; Django's SecurityMiddleware
    (HSTS, nosniff, referrer policy) is further out and adds its headers to hits too.

    A hit costs one round trip to the cache: the version token, the path's `Vary` memory
    and the copy keyed with no varying header (the common case: the hub's pages vary on
    the cookie and the language only, which the key covers) are read together; a page that
    varies on another header (gzip) costs a second read."""

    def __init__(self, get_response):
        self.get_response = get_response
        connect_signals()

    def __call__(self, request):
        if cache_seconds() <= 0 or not _request_may_use_cache(request):
            return self.get_response(request)
        base = _url_base(request)
        if base is None:
            return self.get_response(request)
        cache = page_cache()
        vary_key, plain_key = _vary_key(base), _cache_key(request, ())
        found = cache.get_many([VERSION_KEY, vary_key, plain_key])
        version = found.get(VERSION_KEY) or current_version(cache)
        vary = found.get(vary_key)
        if vary is not None and vary[0] == version:
            headers = tuple(vary[1])
            if headers:
                stored = cache.get(_cache_key(request, headers))
            else:
                stored = found.get(plain_key)
            if stored is not None and stored[0] == version:
                cached = stored[1]
                cached[STATUS_HEADER] = "hit"
                return cached
        response = self.get_response(request)
        seconds = storable_seconds(request, response)
        if seconds > 0:
            self.store(request, response, cache, version, base, seconds)
            response[STATUS_HEADER] = "miss"
        return response

    def store(self, request, response, cache, version, base, seconds):
        # The version is read again: the view may have changed it (an edit made by this
        # very request), and the old one must stay unused.
        if current_version(cache) != version:
            return
        count_key = _count_key(base, version)
        cache.add(count_key, 0, seconds)
        try:
            stored = cache.incr(count_key)
        except ValueError:  # expired in between: a new count starts
            cache.set(count_key, 1, seconds)
            stored = 1
        if stored > variants_per_path():
            return  # this path has enough copies: junk query strings are not kept
        headers = _varied_headers(response)
        cache.set_many(
            {
                _vary_key(base): (version, list(headers)),
                _cache_key(request, headers): (version, response),
            },
            seconds,
        )
