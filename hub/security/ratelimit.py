"""Per-address rate limits: the hub's public forms, the public API, the exports and the
search suggestions.

Attempts are counted in a cache shared by every worker (`settings.MAILLAGE_RATE_LIMIT_CACHE`:
Redis when REDIS_URL is set, else the database cache in production, local memory in dev and
tests), one counter per scope and client address. The address is the one django-axes
counts login failures against (`hub.security.client_ip`), so that `X-Forwarded-For` is
believed only from our own proxies.

- Forms: `hit(request, scope, limit, window_seconds)` counts and says whether this attempt
  is one too many; `exceeded(...)` then `record(...)` count only the attempts that matter
  (the accreditation request counts sent requests, not a form returned with a typo). A
  window starts with the first attempt.
- Paths: `RateLimitMiddleware` applies `settings.MAILLAGE_RATE_LIMITS` (path prefix →
  (requests, seconds), the longest prefix wins) and answers 429 with `Retry-After` and a
  French message (JSON for the JSON endpoints). Its windows are aligned on the clock
  (`time // seconds`), so `Retry-After` is known without asking the store for a TTL.
"""

from __future__ import annotations

import logging
import math
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, JsonResponse

from hub.security.client_ip import client_ip

logger = logging.getLogger("maillage.security")

MESSAGE = (
    "Trop de requêtes depuis votre adresse. Merci de patienter {seconds} secondes avant de "
    "réessayer."
)
# Answered as plain text; every other limited path answers JSON.
TEXT_SUFFIXES = (".csv", ".xlsx")


def store():
    return caches[getattr(settings, "MAILLAGE_RATE_LIMIT_CACHE", "default")]


def cache_key(request, scope: str) -> str:
    # Requests whose address cannot be read share one counter: they are limited together
    # rather than not at all.
    return f"maillage:{scope}:{client_ip(request) or 'inconnue'}"


def attempts(request, scope: str) -> int:
    """How many attempts this address made in `scope` during the current window."""
    return store().get(cache_key(request, scope)) or 0


def exceeded(request, scope: str, limit: int) -> bool:
    """True when this address already used up its `limit` attempts: one more is refused."""
    return attempts(request, scope) >= limit


def _count(key: str, window_seconds: int) -> int:
    cache = store()
    if cache.add(key, 1, window_seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the counter expired in between: a new window starts
        cache.set(key, 1, window_seconds)
        return 1


def record(request, scope: str, window_seconds: int) -> int:
    """Count one attempt; the window starts with the first one. Returns the new count."""
    return _count(cache_key(request, scope), window_seconds)


def hit(request, scope: str, limit: int, window_seconds: int) -> bool:
    """Count this attempt; True when it goes over `limit` attempts in the window."""
    return record(request, scope, window_seconds) > limit


# --- Path limits ------------------------------------------------------------------------------


def rule_for(path: str) -> tuple[str, int, int] | None:
    """(prefix, requests, seconds) of the longest prefix of `path` in MAILLAGE_RATE_LIMITS."""
    rules = getattr(settings, "MAILLAGE_RATE_LIMITS", None) or {}
    matching = [prefix for prefix in rules if path.startswith(prefix)]
    if not matching:
        return None
    prefix = max(matching, key=len)
    limit, seconds = rules[prefix]
    return prefix, int(limit), int(seconds)


def throttle(request, prefix: str, limit: int, seconds: int) -> int | None:
    """Count this request against `prefix`; the seconds to wait when it is one too many."""
    now = time.time()
    window = int(now // seconds)
    count = _count(f"{cache_key(request, 'chemin:' + prefix)}:{window}", seconds + 1)
    if count <= limit:
        return None
    return max(1, math.ceil((window + 1) * seconds - now))


def too_many_requests(request, retry_after: int) -> HttpResponse:
    message = MESSAGE.format(seconds=retry_after)
    if request.path.endswith(TEXT_SUFFIXES):
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    else:
        response = JsonResponse({"erreur": message, "reessayer_dans": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class RateLimitMiddleware:
    """Applies MAILLAGE_RATE_LIMITS to every request (off when
    MAILLAGE_RATE_LIMITS_ENABLED is false)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(settings, "MAILLAGE_RATE_LIMITS_ENABLED", True):
            rule = rule_for(request.path)
            if rule is not None:
                try:
                    retry_after = throttle(request, *rule)
                except Exception:
                    # A counter store that fails must not take the API down with it:
                    # the request goes through, and the operator reads why.
                    logger.exception("limite de débit : le cache des compteurs ne répond pas")
                    retry_after = None
                if retry_after is not None:
                    logger.info("limite de débit atteinte sur %s", rule[0])
                    return too_many_requests(request, retry_after)
        return self.get_response(request)
