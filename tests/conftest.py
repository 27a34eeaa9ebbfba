"""Shared test set-up: every test may use the database (DORA-style auto django_db)."""

import pytest
from django.core.management import call_command


def pytest_collection_modifyitems(items):
    """Every test gets a database, rolled back at the end (DORA-style auto `django_db`),
    unless it is marked `no_django_db`: plain logic that needs none. The browser journeys
    (`e2e`) use their server's database, never the test database."""
    for item in items:
        if any(item.get_closest_marker(name) for name in ("no_django_db", "django_db", "e2e")):
            continue
        item.add_marker(pytest.mark.django_db)


@pytest.fixture(autouse=True)
def _empty_caches():
    """Every test starts with empty caches: the database is rolled back between tests,
    and a cached value (Wagtail's site root paths, rate-limit counters, cached pages)
    would describe rows that no longer exist."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _french_first():
    """Every test starts in the site's language: a request sent with Accept-Language: en
    leaves English active in the thread (LocaleMiddleware never switches back), and the
    next test would read English messages."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    """The whole demo content, as `make run` loads it, with its search documents (written
    after commit, as in production: the test's transaction never commits, so the
    callbacks are run here)."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))


@pytest.fixture
def verified_login(client):
    """Log `user` in with a confirmed TOTP device already verified in the session, as
    the admin requires a second factor (hub.security)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def login(user):
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return login


@pytest.fixture
def admin_client(verified_login, admin_user):
    """pytest-django's admin client, with the second factor the admin requires."""
    return verified_login(admin_user)
