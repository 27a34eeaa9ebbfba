"""Shared test set-up: every test may use the database (DORA-style auto django_db)."""

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _enable_db(db):
    """Every test gets a database, rolled back at the end."""


@pytest.fixture
def demo(db):
    """The whole demo content, as `make run` loads it."""
    call_command("load_demo", stdout=open("/dev/null", "w"))
