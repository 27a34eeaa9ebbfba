"""Shared test set-up: every test may use the database (DORA-style auto django_db)."""

import pytest

from tests.support import demo as kept


def pytest_collection_modifyitems(items):
    """Every test gets a database, rolled back at the end (DORA-style auto `django_db`),
    unless it is marked `no_django_db`: plain logic that needs none. The browser journeys
    (`e2e`) use their server's database, never the test database.

    Then the order: the browser journeys first (one group, one server), then the modules
    that read the leak matrix's world, then those that read the demo, each group
    heaviest first, so that a worker keeps one base open from module to module
    (`tests/support/demo.py`) and the last file to finish is a short one. Within a
    module, the tests that read no kept base run first."""
    for item in items:
        if any(item.get_closest_marker(name) for name in ("no_django_db", "django_db", "e2e")):
            continue
        item.add_marker(pytest.mark.django_db)
    needs = {id(item): kept.keys_needed(item) for item in items}
    weight, group, first_seen = {}, {}, {}
    for item in items:
        module = item.module
        first_seen.setdefault(module, len(first_seen))
        weight[module] = weight.get(module, 0) + (30 if item.get_closest_marker("slow") else 1)
        if item.get_closest_marker("e2e"):
            rank = 0
        else:
            rank = min((KEPT_ORDER[key] for key in needs[id(item)]), default=3)
        group[module] = min(group.get(module, 3), rank)
    order = {id(item): index for index, item in enumerate(items)}
    items.sort(
        key=lambda item: (
            group[item.module],
            -weight[item.module] if group[item.module] else 0,  # journeys: their own order
            first_seen[item.module],
            bool(needs[id(item)]),
            order[id(item)],
        )
    )


# The kept bases, in the order their modules run (after the browser journeys).
KEPT_ORDER = {"world": 1, "demo": 2}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    kept.release_unless_needed(item)


def pytest_xdist_make_scheduler(config, log):
    """Send whole test files to the xdist workers, never a file cut in two: a module's
    kept base is then never built on both workers for one file. The
    browser journeys go together to one worker, which starts one demo server for them
    all. (`--dist loadgroup` would do that for them alone, but it groups nothing under
    pytest 9.2: pytest-xdist issue #1386.) Files are handed out in the collection's
    order, heaviest first (`pytest_collection_modifyitems`)."""
    from xdist.scheduler import LoadScopeScheduling

    class FileScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            path = nodeid.split("::", 1)[0]
            return "tests/e2e" if path.startswith("tests/e2e/") else path

    config.option.loadscopereorder = False  # keep the weighted order
    return FileScheduling(config, log)


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


@pytest.fixture(scope="session")
def kept_data(django_db_setup, django_db_blocker):
    """The base dataset kept open on this worker (`tests/support/demo.py`)."""
    kept.KEPT = kept.KeptData(django_db_blocker)
    yield kept.KEPT
    kept.KEPT.release()
    kept.KEPT = None


# The whole demo content, as `make run` loads it, with its search documents, for a module
# that reads it.
demo_module = kept.kept_fixture("demo", kept.load_demo)


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
