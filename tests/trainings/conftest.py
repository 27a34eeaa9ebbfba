"""Small factories for the trainings' tests: a territory page, a module, sessions and
accounts (no demo)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hub.trainings.models import Registration, Status, TrainingModule, TrainingSession
from tests.accounts import BAILLEURS, family, make_user
from tests.agenda.conftest import make_territory


def make_module(
    title="Formation-action", *, tier="public", groups=(), audience=(BAILLEURS,), **fields
):
    values = {"objectives": "Connaître les partenaires.", "length_days": 5, "access_tier": tier}
    values.update(fields)
    module = TrainingModule(title=title, **values)
    module.full_clean()
    module.save()
    module.access_groups.set(groups)
    module.audience.set([family(slug) for slug in audience])
    return module


def make_session(module, territory, *, days=30, capacity=10, length=timedelta(days=4, hours=8)):
    """A session starting in `days` days (negative: in the past)."""
    start = timezone.now().replace(microsecond=0) + timedelta(days=days)
    session = TrainingSession(
        module=module,
        territory=territory,
        start=start,
        end=start + length,
        hours=35,
        place="Salle du conseil",
        capacity=capacity,
    )
    session.full_clean()
    session.save()
    return session


def attend(session, user, status=Status.ATTENDED, **fields):
    values = {"organisation": "Bailleur test", "role": "Gardien", **fields}
    return Registration.objects.create(session=session, user=user, status=status, **values)


@pytest.fixture
def lyon():
    return make_territory("grand-lyon", "Grand Lyon")


@pytest.fixture
def module():
    return make_module()


@pytest.fixture
def partner():
    return make_user("claire.partenaire", families=[BAILLEURS])


@pytest.fixture
def referent():
    return make_user("rene.referent", referent_of=[BAILLEURS])
