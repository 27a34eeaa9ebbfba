"""Small factories for the evaluation's tests (no demo): territories, accounts, a fresh
cache (the dashboard is cached per audience)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from hub.accounts.models import AccountProfile
from tests.agenda.conftest import make_territory


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def territories():
    return make_territory("metz", "Metz"), make_territory("grand-lyon", "Grand Lyon")


def account(username, *, expired=False, groups=()):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "x" * 16)
    user.groups.set(groups)
    AccountProfile.objects.create(
        user=user,
        organisation="Organisation de démonstration",
        job_role="membre",
        expires_on=timezone.localdate() + timedelta(days=-1 if expired else 200),
    )
    return user


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def partner():
    return client_for(account("partenaire.eval"))
