"""Tests: fast hasher, local-memory cache, immediate tasks, e-mails kept in memory."""

import tempfile
from pathlib import Path

from hub.settings.base import *  # noqa: F403
from hub.settings.env import env_str

SECRET_KEY = env_str("SECRET_KEY", "test-only-insecure-key")
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The suite sends bursts from one address: the path rate limits are turned on by the tests
# that check them (tests/security/test_rate_limits.py).
MAILLAGE_RATE_LIMITS_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="maillage-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# PDFs cached by tests go to a throw-away directory, never to var/.
MAILLAGE_PDF_CACHE_DIR = tempfile.mkdtemp(prefix="maillage-test-pdf-")
