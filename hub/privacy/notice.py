"""What /donnees-personnelles/ says, built from the settings so that it stays true when a
host changes them: retention periods (`MAILLAGE_RETENTION`, purged daily by
`purge_personal_data`), session lengths, cookie names, the map's tile server, the
address to write to.

Every figure the page prints comes from here; the template only words it.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.utils.module_loading import import_string

# The periods `hub.settings.base` sets; used only if a host's settings lack one.
DEFAULT_RETENTION = {
    "account_requests": 90,
    "login_logs": 180,
    "error_reports": 365,
    "zero_result_searches": 400,
}
# Referrer policies under which a cross-origin request (a map tile) carries the site's
# address but not the page's; under "no-referrer" and "same-origin" it carries neither.
_ORIGIN_ONLY = {
    "origin",
    "strict-origin",
    "origin-when-cross-origin",
    "strict-origin-when-cross-origin",
}
_NOTHING = {"no-referrer", "same-origin"}


@dataclass(frozen=True)
class Cookie:
    name: str
    kind: str  # "session", "csrf", "language", "messages": the template words each one
    days: int | None = None  # None: until the browser is closed


@dataclass(frozen=True)
class TileServer:
    host: str  # "" when the tiles are served by the hub itself
    url: str
    referrer: str  # "page", "origin" or "none": what else the browser sends

    @property
    def is_openstreetmap(self) -> bool:
        return self.host == "openstreetmap.org" or self.host.endswith(".openstreetmap.org")


def retention() -> dict[str, int]:
    configured = getattr(settings, "MAILLAGE_RETENTION", None) or {}
    return {key: int(configured.get(key, days)) for key, days in DEFAULT_RETENTION.items()}


def contact_address() -> str:
    """Where to write to exercise one's rights: `MAILLAGE_PRIVACY_CONTACT`, else the
    address the hub's e-mails come from."""
    configured = getattr(settings, "MAILLAGE_PRIVACY_CONTACT", "") or settings.DEFAULT_FROM_EMAIL
    return parseaddr(configured)[1] or configured


def _days(seconds) -> int | None:
    return None if seconds is None else max(1, round(seconds / 86400))


def _uses_message_cookie() -> bool:
    storage = import_string(settings.MESSAGE_STORAGE)
    if issubclass(storage, CookieStorage):
        return True
    return CookieStorage in getattr(storage, "storage_classes", ())


def cookies() -> list[Cookie]:
    """The cookies the hub may set, with their real names. None of them measures audience
    or serves advertising, and none is set by another site."""
    listed = [
        Cookie(
            settings.SESSION_COOKIE_NAME,
            "session",
            None
            if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
            else _days(settings.SESSION_COOKIE_AGE),
        )
    ]
    if not settings.CSRF_USE_SESSIONS:
        listed.append(Cookie(settings.CSRF_COOKIE_NAME, "csrf", _days(settings.CSRF_COOKIE_AGE)))
    listed.append(
        Cookie(settings.LANGUAGE_COOKIE_NAME, "language", _days(settings.LANGUAGE_COOKIE_AGE))
    )
    if _uses_message_cookie():
        listed.append(Cookie(CookieStorage.cookie_name, "messages"))
    return listed


def tile_server() -> TileServer | None:
    """The map's tile server, or None when the map has no tiles."""
    url = getattr(settings, "MAILLAGE_MAP_TILE_URL", "")
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    if host.startswith("{"):
        # « {s}.tile.openstreetmap.fr »: one of several servers of the same domain.
        host = host.split(".", 1)[1]
    policy = (getattr(settings, "SECURE_REFERRER_POLICY", "") or "").lower()
    policies = {item.strip() for item in policy.split(",") if item.strip()}
    if policies & _NOTHING:
        referrer = "none"
    elif policies & _ORIGIN_ONLY:
        referrer = "origin"
    else:
        referrer = "page"
    return TileServer(host=host, url=url, referrer=referrer)


def context() -> dict:
    periods = retention()
    return {
        "retention": periods,
        "session_hours": round(settings.SESSION_COOKIE_AGE / 3600),
        "idle_minutes": round(getattr(settings, "MAILLAGE_SESSION_IDLE_TIMEOUT", 1800) / 60),
        "cookies": cookies(),
        "tiles": tile_server(),
        "contact": contact_address(),
    }
