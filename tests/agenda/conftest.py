"""Small factories for the agenda's tests: a territory page, events, accounts (no demo)."""

from datetime import datetime

import pytest
from wagtail.models import Site

from hub.agenda.models import Event
from hub.agenda.recurrence import PARIS
from hub.models import TerritoryPage


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


def make_territory(slug="metz", title="Metz"):
    page = TerritoryPage(
        title=title,
        slug=slug,
        short_name=title,
        department_code="57",
        region="Grand Est",
        perimeter=title,
        partnership_name=f"Partenariat {title}",
    )
    Site.objects.get(is_default_site=True).root_page.add_child(instance=page)
    return page


def make_event(territory, title="Plénière", *, groups=(), **fields):
    values = {
        "kind": "pleniere",
        "place": "[à compléter par le territoire]",
        "start": paris(2027, 3, 2, 14, 0),
        "end": paris(2027, 3, 2, 16, 0),
        "access_tier": "public",
    }
    values.update(fields)
    event = Event(title=title, territory=territory, **values)
    event.full_clean()
    event.save()
    event.access_groups.set(groups)
    return event


@pytest.fixture
def metz():
    return make_territory()
