"""Shared test set-up: every test may use the database (DORA-style auto django_db)."""

import pytest

from tests.support.demo import demo_for_module


def pytest_collection_modifyitems(items):
    """Every test gets a database, rolled back at the end (DORA-style auto `django_db`),
    unless it is marked `no_django_db`: plain logic that needs none. The browser journeys
    (`e2e`) use their server's database, never the test database.

    Within a module, the tests that read the demo run last: the demo is loaded once for
    the module (`demo_module`) and stays until the module ends, so a test that does not
    ask for it must run before it is loaded."""
    for item in items:
        if any(item.get_closest_marker(name) for name in ("no_django_db", "django_db", "e2e")):
            continue
        item.add_marker(pytest.mark.django_db)
    first_seen = {}
    for item in items:
        first_seen.setdefault(item.module, len(first_seen))
    order = {id(item): index for index, item in enumerate(items)}
    items.sort(
        key=lambda item: (
            first_seen[item.module],
            "demo_module" in item.fixturenames,
            order[id(item)],
        )
    )


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


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    """The whole demo content, as `make run` loads it, with its search documents, loaded
    once for the test module (`tests/support/demo.py`)."""
    with demo_for_module(django_db_blocker):
        yield


@pytest.fixture
def demo(demo_module, db):
    """The demo, for one test: what the test changes is rolled back at its end (each
    test runs in a savepoint inside the module's demo transaction)."""


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
