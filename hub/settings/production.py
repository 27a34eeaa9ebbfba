"""Production: gunicorn behind a reverse proxy that terminates TLS, whitenoise for the
static files, Redis for the cache, the anonymous page cache, a CSP on the public site and
another on the admin, HSTS and secure cookies. `manage.py check --deploy --fail-level
WARNING` is clean with the defaults (tests/hub/test_production.py).

Refuses to start without SECRET_KEY or ALLOWED_HOSTS, or with DEBUG on. Every variable is
listed in docs/operations.md."""

from hub.settings.base import *  # noqa: F403
from hub.settings.env import SMTP_BACKEND, ConfigError, env_bool, env_int, env_list, env_str
from hub.settings.security import (
    admin_content_security_policy,
    content_security_policy,
    insert_production_middleware,
)

if env_bool("DEBUG", False):
    raise ConfigError(
        "DEBUG doit être désactivé en production (retirez DEBUG ou mettez DEBUG=false)."
    )
DEBUG = False

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    raise ConfigError(
        "SECRET_KEY est obligatoire en production : définissez une valeur longue et secrète."
    )
if len(SECRET_KEY) < 32:
    raise ConfigError("SECRET_KEY est trop courte en production (32 caractères au moins).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ConfigError(
        "ALLOWED_HOSTS est obligatoire en production (noms d'hôte séparés par des virgules)."
    )

# --- E-mail: accounts get their password links by e-mail; without a server they never would.
# An SMTP backend needs a host (Django's default, localhost:25, is said explicitly).
_not_sent = {
    f"django.core.mail.backends.{name}.EmailBackend"
    for name in ("console", "locmem", "dummy", "filebased")
}
if EMAIL_BACKEND in _not_sent or (  # noqa: F405
    EMAIL_BACKEND == SMTP_BACKEND and not globals().get("EMAIL_HOST")  # noqa: F405
):
    raise ConfigError(
        "aucun serveur d'e-mail en production : définissez EMAIL_URL "
        "(smtp://utilisateur:motdepasse@hôte:587?tls=1) ou EMAIL_HOST (EMAIL_HOST=localhost "
        "pour un relais local), sinon les liens de mot de passe ne partent pas."
    )
if not env_str("DEFAULT_FROM_EMAIL"):
    raise ConfigError(
        "DEFAULT_FROM_EMAIL est obligatoire en production (ex. Maillage "
        "<ne-pas-repondre@maillage.example.org>), une adresse du domaine du site."
    )

# Origins allowed to send forms besides the site itself (https://autre.example.org,...).
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS += ["csp"]  # noqa: F405
MIDDLEWARE = insert_production_middleware(MIDDLEWARE)  # noqa: F405

# --- Static files: collected under STATIC_ROOT, served by whitenoise ------------------------
# Hashed names (cached for ever by browsers) and gzip/brotli copies made by collectstatic.
STATIC_ROOT = env_str("STATIC_ROOT", str(STATIC_ROOT))  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Cache and page cache ---------------------------------------------------------------------
# base.py already uses Redis when REDIS_URL is set. Sessions stay in the database.
# Anonymous pages are kept MAILLAGE_PAGE_CACHE_SECONDS (hub/cache.py). Without Redis each
# gunicorn worker would keep its own copies and a publication would empty one of them
# only: the page cache is then off unless asked for.
MAILLAGE_PAGE_CACHE_SECONDS = env_int("MAILLAGE_PAGE_CACHE_SECONDS", 300 if REDIS_URL else 0)  # noqa: F405
if MAILLAGE_PAGE_CACHE_SECONDS < 0:
    raise ConfigError("MAILLAGE_PAGE_CACHE_SECONDS doit être un nombre de secondes positif ou 0.")
# The site chrome per audience (hub/chrome.py), emptied with the page cache: the same
# rule, since one worker's local memory would miss the others' invalidations.
MAILLAGE_CHROME_CACHE_SECONDS = env_int("MAILLAGE_CHROME_CACHE_SECONDS", 300 if REDIS_URL else 0)  # noqa: F405
if MAILLAGE_CHROME_CACHE_SECONDS < 0:
    raise ConfigError("MAILLAGE_CHROME_CACHE_SECONDS doit être un nombre de secondes positif ou 0.")

# Rate-limit counters (hub/security/ratelimit.py) must be shared by the gunicorn workers,
# or each would allow the whole limit: Redis when there is one, else a table of the
# database (`manage.py createcachetable`, docs/operations.md).
if not REDIS_URL:  # noqa: F405
    CACHES = {
        **CACHES,  # noqa: F405
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "maillage_rate_limits",
        },
    }
    MAILLAGE_RATE_LIMIT_CACHE = "ratelimit"

# --- HTTPS ------------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Behind the reverse proxy that terminates TLS, X-Forwarded-Proto says whether the visitor
# used HTTPS. It is believed only from TRUSTED_PROXIES: hub.middleware removes it otherwise.
if MAILLAGE_TRUSTED_PROXIES:  # noqa: F405
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Cookies sent over HTTPS only. SECURE_COOKIES=false is for a load test over plain HTTP on
# 127.0.0.1, never for a real site (check --deploy then warns).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Other sites see our origin only, never a page's path; the map's tile server gets the
# origin it asks for (OpenStreetMap's tile policy wants one).
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

SILENCED_SYSTEM_CHECKS = []
if not SECURE_HSTS_PRELOAD:
    # security.W021 asks for HSTS preloading. Getting the domain into the browsers'
    # preload lists is a decision of the domain's owner (hstspreload.org), hard to undo,
    # and it binds every subdomain: off by default, SECURE_HSTS_PRELOAD=true to opt in.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# --- Content Security Policy ------------------------------------------------------------------
# The public site's (django-csp 4) and the admin's (/admin/, hub/security/csp.py).
# CSP_REPORT_ONLY=true sends both as Content-Security-Policy-Report-Only, to try them on a
# live site before enforcing them.
_csp = content_security_policy(MAILLAGE_MAP_TILE_URL, env_str("CSP_REPORT_URI"))  # noqa: F405
MAILLAGE_ADMIN_CONTENT_SECURITY_POLICY = admin_content_security_policy(env_str("CSP_REPORT_URI"))
MAILLAGE_ADMIN_CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)
if MAILLAGE_ADMIN_CSP_REPORT_ONLY:
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _csp
    CONTENT_SECURITY_POLICY = None
else:
    CONTENT_SECURITY_POLICY = _csp

# --- Logging: everything to stdout, one line per event, for the service manager --------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
        }
    },
    "root": {"handlers": ["stdout"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Security events (enrolment, refused codes, lockouts, expiries) are kept at INFO.
        "maillage.security": {"level": "INFO"},
        # Django logs 4xx/5xx with the request; never the request body or cookies.
        "django.request": {"level": "WARNING"},
    },
}
