"""Big test data built once and kept: the demo, and the leak matrix's world.

`load_demo` writes about a hundred pages through Wagtail (revisions, publishing, the
reference index, search documents): several seconds, and the leak matrix's world (the
demo plus its canaries) more. So a base dataset is built inside a transaction that stays
open while the tests that read it run, module after module on the same worker; it is
rolled back as soon as a test that does not read it comes (or at the end of the session).

Each module that reads it works in a savepoint of its own (`KeptData.layer`), rolled back
at the module's end, so that what a module adds (guide canaries, extra communes) never
reaches the next one; each test runs in its own savepoint inside that, as usual with
pytest-django. The tests are ordered so that the modules reading the same base follow
each other (`tests/conftest.py`).
"""

from __future__ import annotations

import io
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase


def load_demo():
    """The whole demo, as `make run` loads it."""
    call_command("load_demo", stdout=io.StringIO())


class KeptData:
    """The one base dataset open on this worker, if any."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.key = None
        self.value = None
        self.layers = 0
        self._atomic = None

    def use(self, key: str, build):
        """The base called `key`, built by `build()` unless it is already open. Its search
        documents are written after commit: those callbacks are run here."""
        if self.key == key:
            return self.value
        self.release()
        with self.blocker.unblock():
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            try:
                with TestCase.captureOnCommitCallbacks(execute=True):
                    self.value = build()
            except BaseException:
                transaction.set_rollback(True)
                self._atomic.__exit__(None, None, None)
                self._atomic = None
                raise
        self.key = key
        return self.value

    @contextmanager
    def layer(self, key: str, build):
        """The base for one module, in a savepoint rolled back at the module's end."""
        value = self.use(key, build)
        self.layers += 1
        try:
            with self.blocker.unblock(), transaction.atomic():
                yield value
                transaction.set_rollback(True)
        finally:
            self.layers -= 1

    def release(self):
        """Roll the open base back (never while a module still works inside it)."""
        if self._atomic is None:
            return
        assert self.layers == 0, "a module still works inside the kept data"
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)
        self._atomic = self.key = self.value = None


KEPT: KeptData | None = None


def kept_fixture(key: str, build):
    """A module fixture giving the base `key` (built by `build`) to one test module."""

    def fixture(kept_data):
        with kept_data.layer(key, build) as value:
            yield value

    fixture.kept_key = key
    fixture.__doc__ = f"The kept base « {key} » for this module (tests/support/demo.py)."
    return pytest.fixture(scope="module")(fixture)


def keys_needed(item) -> set[str]:
    """The kept bases a test reads (through any of its fixtures)."""
    needed = set()
    for definitions in item._fixtureinfo.name2fixturedefs.values():
        key = getattr(definitions[-1].func, "kept_key", None)
        if key and definitions[-1].argname in item.fixturenames:
            needed.add(key)
    return needed


def release_unless_needed(item):
    """Before a test's fixtures are set up: roll back the kept base it does not read. A
    test that uses no database (`no_django_db`, the browser journeys) leaves it open."""
    if KEPT is None or KEPT.key is None or KEPT.layers:
        return
    if item.get_closest_marker("django_db") and KEPT.key not in keys_needed(item):
        KEPT.release()


@contextmanager
def demo_for_module(django_db_blocker):
    """The demo for a module that adds to it (it is loaded anew and rolled back at the
    module's end: use `demo_module` when the module only reads it)."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            with TestCase.captureOnCommitCallbacks(execute=True):
                load_demo()
            yield
            transaction.set_rollback(True)
