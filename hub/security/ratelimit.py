"""A small per-address rate limiter for the hub's public forms (accreditation requests,
"signaler une erreur"...).

Attempts are counted in the cache, one counter per scope and client address: the address is
the one django-axes counts login failures against (`hub.security.client_ip`), so that
`X-Forwarded-For` is believed only from our own proxies. A counter lives `window_seconds`
from its first attempt (a fixed window: cheap, and enough against a robot or a loop).

Two ways to use it:

- `hit(request, scope, limit, window_seconds)`: count this attempt and say whether it is one
  too many. The simple case: every POST counts.
- `exceeded(...)` then `record(...)`: check first, and count only the attempts that matter
  (the accreditation request counts sent requests, not a form returned with a typo).
"""

from __future__ import annotations

from django.core.cache import cache

from hub.security.client_ip import client_ip


def cache_key(request, scope: str) -> str:
    # Requests whose address cannot be read share one counter: they are limited together
    # rather than not at all.
    return f"maillage:{scope}:{client_ip(request) or 'inconnue'}"


def attempts(request, scope: str) -> int:
    """How many attempts this address made in `scope` during the current window."""
    return cache.get(cache_key(request, scope)) or 0


def exceeded(request, scope: str, limit: int) -> bool:
    """True when this address already used up its `limit` attempts: one more is refused."""
    return attempts(request, scope) >= limit


def record(request, scope: str, window_seconds: int) -> int:
    """Count one attempt; the window starts with the first one. Returns the new count."""
    key = cache_key(request, scope)
    if cache.add(key, 1, window_seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the counter expired in between: a new window starts
        cache.set(key, 1, window_seconds)
        return 1


def hit(request, scope: str, limit: int, window_seconds: int) -> bool:
    """Count this attempt; True when it goes over `limit` attempts in the window."""
    return record(request, scope, window_seconds) > limit
