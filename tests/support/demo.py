"""The demo, loaded once for a whole test module.

`load_demo` writes about a hundred pages through Wagtail (revisions, publishing, the
reference index, search documents): several seconds each time. A module that reads the
demo loads it once, inside a transaction rolled back at the module's end; each test runs
in its own savepoint within it, so what a test changes is undone before the next one.
"""

import io
from contextlib import contextmanager

from django.core.management import call_command
from django.db import transaction
from django.test import TestCase


@contextmanager
def demo_for_module(django_db_blocker):
    """Load the demo (its search documents too: they are written after commit, so the
    callbacks are run here) and undo it all on exit."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("load_demo", stdout=io.StringIO())
            yield
            transaction.set_rollback(True)
