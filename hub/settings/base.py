"""Settings shared by every environment. Values that vary come from the environment,
read through `hub.settings.env`, never from os.environ directly."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from hub.settings.env import (
    env_bool,
    env_database,
    env_email,
    env_int,
    env_list,
    env_secret,
    env_str,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(env_str("MAILLAGE_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "hub",
    "hub.collab",
    "hub.accounts",
    "hub.privacy",
    "hub.agenda",
    "hub.evaluation",
    "hub.trainings",
    "directory",
    "guide",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: it counts every HTML page served, the page cache's hits too, per section and
    # month, with no cookie, address or account (hub/evaluation/pageviews.py).
    "hub.evaluation.pageviews.PageViewMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hub.accounts.middleware.AccreditationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "hub.urls"
WSGI_APPLICATION = "hub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hub.context_processors.site_chrome",
            ],
        },
    },
]

# --- Database: SQLite file under var/ unless DATABASE_URL says otherwise -------------
DATABASES = {"default": env_database("DATABASE_URL", VAR_DIR / "maillage.sqlite3")}
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if IS_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: local memory unless REDIS_URL is set -------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "maillage",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Argon2id first (issue 20, OWASP's minimum parameters: hub/passwords.py): a login costs
# tens of milliseconds of one core where Django's PBKDF2 (1,000,000 iterations) costs
# half a second, so logins stay fast under load (docs/benchmarks.md). The others verify
# older hashes, which Django rewrites with Argon2id at the person's next login.
PASSWORD_HASHERS = [
    "hub.passwords.MaillageArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/espace-partenaires/"
WAGTAIL_FRONTEND_LOGIN_URL = "/compte/connexion/"
WAGTAILADMIN_USER_LOGIN_FORM = "hub.accounts.forms.AdminLoginForm"
# A partner's accreditation runs this many days from approval or renewal.
MAILLAGE_ACCREDITATION_DAYS = env_int("MAILLAGE_ACCREDITATION_DAYS", 365)

# --- Languages: French first; an English translation of the interface ships too -----
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media files -------------------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail ----------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Maillage"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if IS_POSTGRES:
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "french"
# Shared-password page restrictions are switched off: access goes by account and group.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"

# --- Search of the hub (issue 6 builds the engines; the choice is read here) ---------------
SEARCH_ENGINE = env_str("SEARCH_ENGINE", "database")
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
# Index names per environment: "maillage-dev-", "maillage-test-", "maillage-production-"
# (from the settings module's name), so that tests never touch the indices of a live site.
ELASTICSEARCH_INDEX_PREFIX = env_str(
    "ELASTICSEARCH_INDEX_PREFIX",
    "maillage-" + env_str("DJANGO_SETTINGS_MODULE", "hub.settings.dev").rsplit(".", 1)[-1] + "-",
)
# Seconds a query may take before the database engine answers instead.
ELASTICSEARCH_TIMEOUT = env_int("ELASTICSEARCH_TIMEOUT", 2)
# The text inside documents (PDF, DOCX, ODT, text) is indexed within these bounds per file
# (search/extract.py): beyond them the file's title alone, or its beginning, is indexed.
SEARCH_EXTRACT_MAX_BYTES = env_int("SEARCH_EXTRACT_MAX_BYTES", 30 * 1024 * 1024)
SEARCH_EXTRACT_MAX_PAGES = env_int("SEARCH_EXTRACT_MAX_PAGES", 50)
SEARCH_EXTRACT_MAX_CHARS = env_int("SEARCH_EXTRACT_MAX_CHARS", 100_000)
SEARCH_EXTRACT_MAX_SECONDS = env_int("SEARCH_EXTRACT_MAX_SECONDS", 10)

# --- Tasks: run immediately unless a worker is configured -------------------------------
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Backups: the key that signs and checks the archives' manifests (hub/backup/) --------
# Kept by the operator outside the archives; backup_site and restore_site refuse to run
# without it. Generation and rotation: docs/operations.md.
BACKUP_SIGNING_KEY = env_secret("BACKUP_SIGNING_KEY", min_length=32)

# --- E-mail: printed to the console unless an SMTP server is configured ------------------
# EMAIL_URL (smtp://utilisateur:motdepasse@hôte:587?tls=1) or EMAIL_HOST, EMAIL_PORT...:
# see env_email. production.py refuses to start without one.
_email = env_email()
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
if "EMAIL_HOST" in _email:
    EMAIL_HOST = _email["EMAIL_HOST"]
    EMAIL_PORT = _email["EMAIL_PORT"]
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
    EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"]
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Maillage <ne-pas-repondre@example.org>")

# --- Maillage -----------------------------------------------------------------------------
MAILLAGE_GAZETTEER_FILE = Path(
    env_str("MAILLAGE_GAZETTEER_FILE", str(BASE_DIR / "directory" / "data" / "communes-fr.json.gz"))
)
MAILLAGE_SITE_TAGLINE = _("Santé psychique et logement : le réseau des partenaires")
MAILLAGE_REQUEST_TIMEOUT = env_int("MAILLAGE_REQUEST_TIMEOUT", 30)
# The map (/annuaire/carte/): the tile server and its attribution (HTML, shown on the map).
# An empty MAILLAGE_MAP_TILE_URL means "no tiles": markers on a blank background, and a
# notice. Markers and the accessible list never depend on the tiles. env_str reads an
# empty variable as unset, so the environment says "no tiles" with `none` (or `aucun`).
MAILLAGE_MAP_TILE_URL = env_str(
    "MAILLAGE_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
if MAILLAGE_MAP_TILE_URL.strip().lower() in {"none", "aucun", "off"}:
    MAILLAGE_MAP_TILE_URL = ""
MAILLAGE_MAP_ATTRIBUTION = env_str(
    "MAILLAGE_MAP_ATTRIBUTION",
    '© <a href="https://www.openstreetmap.org/copyright">les contributeurs d’OpenStreetMap</a>',
)

# --- Members' contributions to their spaces (hub/collab/, docs/operations.md) -----------
# The largest file a member may propose (bytes), where proposed files wait for a decision
# (outside MEDIA_ROOT: never served by address), and an antivirus callable (dotted path,
# called with the uploaded file, True when clean; empty: no scan).
MAILLAGE_CONTRIBUTION_MAX_SIZE = env_int("MAILLAGE_CONTRIBUTION_MAX_SIZE", 20 * 1024 * 1024)
MAILLAGE_CONTRIBUTIONS_ROOT = Path(
    env_str("MAILLAGE_CONTRIBUTIONS_ROOT", str(VAR_DIR / "contributions-en-attente"))
)
MAILLAGE_UPLOAD_SCANNER = env_str("MAILLAGE_UPLOAD_SCANNER", "")

# --- Personal data (hub/privacy/): retention periods, in days, and the erasure register ----
# `manage.py purge_personal_data` (daily) removes what is older; where each figure comes
# from is in docs/operations.md (« Données personnelles »): defaults for the host's data
# protection officer (DPO) to confirm. The account-request form quotes the first one.
MAILLAGE_RETENTION = {
    # Refused requests (from the decision), requests left unanswered (from their sending),
    # accepted requests whose account no longer exists (from the decision).
    "account_requests": 90,
    # django-axes: logins, failures and lockout counters (address, browser, username).
    "login_logs": 180,
    # Closed error reports are deleted; an open one loses its reporter's address.
    "error_reports": 365,
    # Daily counts of searches that found nothing (no words, no person: an aggregate).
    "zero_result_searches": 400,
}
# The register of erasures (hashes only), outside the database so that a restore does not
# replace it: `restore_site` replays it (docs/operations.md).
MAILLAGE_ERASURE_REGISTER = Path(
    env_str("MAILLAGE_ERASURE_REGISTER", str(VAR_DIR / "registre-effacements.jsonl"))
)
# Where people write to exercise their rights (/donnees-personnelles/); empty: the
# address of DEFAULT_FROM_EMAIL.
MAILLAGE_PRIVACY_CONTACT = env_str("MAILLAGE_PRIVACY_CONTACT", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # Security events (enrolment, refused codes, lockouts, expiries) are kept at INFO.
    "loggers": {"maillage.security": {"level": "INFO"}},
}

# --- Login hardening: django-axes, django-otp, session timeouts (hub/settings/security.py)
from hub.settings.security import *  # noqa: E402,F403

INSTALLED_APPS += SECURITY_APPS  # noqa: F405
MIDDLEWARE = insert_security_middleware(MIDDLEWARE)  # noqa: F405
# Right after SecurityMiddleware: a refused request costs no session nor database.
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  RATE_LIMIT_MIDDLEWARE)  # noqa: F405  # fmt: skip
