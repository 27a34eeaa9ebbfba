"""Login hardening: brute-force lockout (django-axes), a second factor for everyone who can
reach the Wagtail admin (django-otp), and session timeouts.

Imported at the end of `hub/settings/base.py`, which then adds `SECURITY_APPS` to
`INSTALLED_APPS` and passes `MIDDLEWARE` through `insert_security_middleware`.
wagtail-2fa is not used: it is broken on Wagtail 8 (docs/architecture.md, « Access tiers »).
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from urllib.parse import urlsplit

from hub.settings.env import ConfigError, env_bool, env_int, env_list

# django-csp's spellings of the CSP keywords.
SELF = "'self'"
NONE = "'none'"
UNSAFE_INLINE = "'unsafe-inline'"

SECURITY_APPS = [
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "hub.security",
]

AUTHENTICATION_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"
# In this order, right after the authentication middleware.
SECURITY_MIDDLEWARE_AFTER_AUTHENTICATION = [
    "django_otp.middleware.OTPMiddleware",
    "hub.security.middleware.AdminSecondFactorMiddleware",
    "hub.security.middleware.SessionTimeoutMiddleware",
    "hub.security.middleware.AdminExplorerMiddleware",
    "hub.admin_access_views.AdminVisibilityMiddleware",
]
# django-axes turns a lockout into its response on the way out: it must be last.
AXES_MIDDLEWARE = "axes.middleware.AxesMiddleware"


def insert_security_middleware(middleware_list: list[str]) -> list[str]:
    """Return a new middleware list with the security middleware in place.

    The OTP middleware, then the second-factor gate, then the session timeouts go right
    after Django's authentication middleware; django-axes goes last. Calling it twice
    gives the same list."""
    own = [*SECURITY_MIDDLEWARE_AFTER_AUTHENTICATION, AXES_MIDDLEWARE]
    result = [entry for entry in middleware_list if entry not in own]
    if AUTHENTICATION_MIDDLEWARE not in result:
        raise ConfigError(
            f"{AUTHENTICATION_MIDDLEWARE} manque dans MIDDLEWARE : la double authentification "
            "et les délais de session ne peuvent pas être installés."
        )
    position = result.index(AUTHENTICATION_MIDDLEWARE) + 1
    result[position:position] = SECURITY_MIDDLEWARE_AFTER_AUTHENTICATION
    result.append(AXES_MIDDLEWARE)
    return result


# --- django-axes: brute-force lockout ------------------------------------------------------
# The axes backend must come first: it refuses a locked-out login before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Lock a username *from one address* only: an attacker cannot lock everyone out by
# trying every username, nor lock one person out everywhere from their own address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "hub.security.client_ip.client_ip"
AXES_USERNAME_CALLABLE = "hub.security.lockout.username_for_lockout"
AXES_LOCKOUT_TEMPLATE = "security/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
# Masked in axes' records and logs of failed attempts (the password always is): the
# one-time code of the setup page and the CSRF token are not kept either.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "token", "csrfmiddlewaretoken"]

# Reverse proxies whose X-Forwarded-For header is believed (comma-separated networks,
# e.g. "127.0.0.1/32,10.0.0.0/8"). Empty: the header is ignored, REMOTE_ADDR is the client.
MAILLAGE_TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _network in MAILLAGE_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError:
        raise ConfigError(
            f"TRUSTED_PROXIES contient {_network!r}, qui n'est ni une adresse IP ni un réseau "
            "(attendu par exemple : 127.0.0.1/32,10.0.0.0/8)."
        ) from None

# --- Production only (hub/settings/production.py) -------------------------------------------
# First of all, before Django's SecurityMiddleware reads the scheme: drops the proxy headers
# (X-Forwarded-Proto...) that do not come from a trusted proxy (hub/middleware.py).
TRUSTED_PROXY_MIDDLEWARE = "hub.middleware.TrustedProxyHeadersMiddleware"
SECURITY_MIDDLEWARE = "django.middleware.security.SecurityMiddleware"
# Right after SecurityMiddleware, in this order: static files (whitenoise) answer before
# anything else; the rate limits count every request, a cached export too; the page cache
# answers anonymous visitors before the CSP, the session, the database and the security
# middleware do any work (issue 20): a stored copy keeps the CSP header of its first
# answer, and SecurityMiddleware, outside, adds HSTS and the rest to every answer. The CSP
# header is thus on every page, cached or not.
PRODUCTION_MIDDLEWARE_AFTER_SECURITY = [
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hub.security.ratelimit.RateLimitMiddleware",
    "hub.cache.AnonymousPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    # The admin's own policy, on the paths django-csp leaves out (CSP_EXCLUDED_PATHS).
    "hub.security.csp.AdminContentSecurityPolicyMiddleware",
]


def insert_production_middleware(middleware_list: list[str]) -> list[str]:
    """Return a new middleware list with the production middleware in place (idempotent)."""
    own = [TRUSTED_PROXY_MIDDLEWARE, *PRODUCTION_MIDDLEWARE_AFTER_SECURITY]
    result = [entry for entry in middleware_list if entry not in own]
    if SECURITY_MIDDLEWARE not in result:
        raise ConfigError(f"{SECURITY_MIDDLEWARE} manque dans MIDDLEWARE.")
    position = result.index(SECURITY_MIDDLEWARE)
    result.insert(position, TRUSTED_PROXY_MIDDLEWARE)
    position += 2
    result[position:position] = PRODUCTION_MIDDLEWARE_AFTER_SECURITY
    return result


def tile_source(tile_url: str) -> str | None:
    """The CSP source of the map's tile server, from its URL template:
    `https://{s}.tile.example.org/{z}/{x}/{y}.png` gives `https://*.tile.example.org`.
    None when the tiles come from this site (a relative URL) or when there are none."""
    if not tile_url:
        return None
    parsed = urlsplit(tile_url)
    if not parsed.netloc:
        return None
    if parsed.scheme not in ("http", "https"):
        raise ConfigError(
            f"MAILLAGE_MAP_TILE_URL doit commencer par https:// (reçu : {tile_url!r}), ou être "
            "un chemin de ce site (/tuiles/{z}/{x}/{y}.png), ou none."
        )
    labels = parsed.netloc.split(".")
    if any("{" in label for label in labels[1:]):
        raise ConfigError(
            "MAILLAGE_MAP_TILE_URL : seul le premier élément du nom d'hôte peut être variable "
            f"(comme {{s}}.tile.openstreetmap.fr), reçu {tile_url!r}."
        )
    if "{" in labels[0]:
        labels[0] = "*"
    return f"{parsed.scheme}://{'.'.join(labels)}"


# Paths where django-csp sends no header: Wagtail's admin (where hub/urls.py mounts it),
# which gets its own policy, `admin_content_security_policy`, from
# hub.security.csp.AdminContentSecurityPolicyMiddleware.
ADMIN_PATH_PREFIX = "/admin/"
CSP_EXCLUDED_PATHS = [ADMIN_PATH_PREFIX]


def content_security_policy(tile_url: str, report_uri: str | None = None) -> dict:
    """django-csp 4 settings (CONTENT_SECURITY_POLICY) for the public site: nothing inline,
    nothing from elsewhere but the map's tiles (images)."""
    img_src = [SELF, "data:"]
    tiles = tile_source(tile_url)
    if tiles:
        img_src.append(tiles)
    directives = {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": img_src,
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
    if report_uri:
        directives["report-uri"] = report_uri
    return {"EXCLUDE_URL_PREFIXES": list(CSP_EXCLUDED_PATHS), "DIRECTIVES": directives}


def admin_content_security_policy(report_uri: str | None = None) -> str:
    """The Content-Security-Policy header of Wagtail's admin (`/admin/`), as a string.

    As strict as Wagtail 8's admin allows, checked in Chromium by
    tests/e2e/test_admin_csp.py (the exceptions are explained in docs/architecture.md):
    - `script-src 'self' 'unsafe-inline'`: Wagtail 8 starts its choosers (page, document,
      snippet), inline panels and date pickers with inline `<script>` elements written by
      its widgets and templates, and runs those of the HTML its modals and inline panels
      insert (jQuery). No `'unsafe-eval'`: nothing in the admin needs it. Inline event
      handlers (`onclick="..."`, `<img onerror>`) stay refused: `script-src-attr 'none'`.
    - `style-src 'self' 'unsafe-inline'`: the rich text editor (Draftail) inserts `<style>`
      elements, and tag fields and uploads set `style="..."` attributes.
    - images also from `data:` and `blob:` URLs (uploads' previews);
    - the preview panel is an admin page framed by the admin: `frame-src` and
      `frame-ancestors` `'self'`.
    Nothing is loaded from elsewhere: the admin shows no map, and gravatar and Wagtail's
    update check are off (below)."""
    directives = {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "script-src-attr": [NONE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
    if report_uri:
        directives["report-uri"] = [report_uri]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


# Wagtail's admin otherwise fetches the users' avatars from gravatar.com (telling it every
# editor's e-mail hash) and asks releases.wagtail.org for new versions from the
# administrators' browsers: both would leave this site, which the admin's CSP refuses.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Rate limits of the public API, exports and suggestions (hub/security/ratelimit.py) --------
# Path prefix → (requests, seconds) per client address; the longest prefix wins and each
# prefix has its own counter. Generous: a whole hospital or landlord's office may share
# one address. The map loads /api/annuaire.geojson once per visit, the search box asks for
# suggestions at most once per keystroke. MAILLAGE_RATE_LIMITS_ENABLED=false turns them
# off (a load test from one address); tests turn them on where they check them.
MAILLAGE_RATE_LIMITS_ENABLED = env_bool("MAILLAGE_RATE_LIMITS_ENABLED", True)
MAILLAGE_RATE_LIMITS = {
    "/api/": (300, 300),
    "/api/annuaire.": (60, 300),
    "/api/data-inclusion/": (60, 300),
    "/recherche/suggestions/": (120, 60),
}
# The cache alias holding the counters (production.py: the database without Redis).
MAILLAGE_RATE_LIMIT_CACHE = "default"
RATE_LIMIT_MIDDLEWARE = "hub.security.ratelimit.RateLimitMiddleware"

# --- django-otp: second factor ---------------------------------------------------------------
OTP_TOTP_ISSUER = "Maillage"

# --- Sessions --------------------------------------------------------------------------------
# Absolute limit, counted from the login, whatever the activity (seconds).
SESSION_COOKIE_AGE = env_int("SESSION_ABSOLUTE_TIMEOUT_HOURS", 12) * 60 * 60
# Inactivity limit (seconds).
MAILLAGE_SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30) * 60
if SESSION_COOKIE_AGE <= 0:
    raise ConfigError("SESSION_ABSOLUTE_TIMEOUT_HOURS doit être un nombre d'heures positif.")
if MAILLAGE_SESSION_IDLE_TIMEOUT <= 0:
    raise ConfigError("SESSION_IDLE_TIMEOUT_MINUTES doit être un nombre de minutes positif.")
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

__all__ = [
    "SECURITY_APPS",
    "insert_security_middleware",
    "AUTHENTICATION_BACKENDS",
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_TIME",
    "AXES_LOCKOUT_PARAMETERS",
    "AXES_RESET_ON_SUCCESS",
    "AXES_CLIENT_IP_CALLABLE",
    "AXES_USERNAME_CALLABLE",
    "AXES_LOCKOUT_TEMPLATE",
    "AXES_HTTP_RESPONSE_CODE",
    "AXES_SENSITIVE_PARAMETERS",
    "MAILLAGE_TRUSTED_PROXIES",
    "WAGTAIL_GRAVATAR_PROVIDER_URL",
    "WAGTAIL_ENABLE_UPDATE_CHECK",
    "MAILLAGE_RATE_LIMITS_ENABLED",
    "MAILLAGE_RATE_LIMITS",
    "MAILLAGE_RATE_LIMIT_CACHE",
    "RATE_LIMIT_MIDDLEWARE",
    "OTP_TOTP_ISSUER",
    "SESSION_COOKIE_AGE",
    "MAILLAGE_SESSION_IDLE_TIMEOUT",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
]
