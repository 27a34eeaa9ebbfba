"""The agenda's demo: the governance calendar of the Grand Lyon convention (2013).

The convention says how often each body meets (hub/demo/sources.py quotes it): the
comité de pilotage « se réunit annuellement », the comité de projet « se réunit 6 fois par
an », the plénière « se réunit annuellement ». It gives no date, hour nor place: those
are demonstration values, marked as placeholders in each event, for the territory to
replace. Loaded by `load_demo` through the `maillage_demo` hook (hub/agenda/hub_hooks.py);
idempotent: an event is found by its territory and title, and saved only when it differs.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from hub.agenda.models import Event, EventKind
from hub.agenda.recurrence import PARIS, Frequency
from hub.demo.sources import PLACEHOLDER, cite, fact, uses


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def governance_events(year: int) -> list[dict]:
    """The three bodies of the convention, each with the sentence that sets its rhythm."""
    last = date(year + 2, 12, 31)
    rows = [
        # (fact, kind, title, tier, first day, hours, frequency, interval)
        (
            "lyon-steering-yearly",
            EventKind.STEERING,
            "Comité de pilotage de la convention",
            "partners",
            date(year, 6, 16),
            (10, 12),
            Frequency.YEARLY,
            1,
        ),
        (
            "lyon-project-committee-rhythm",
            EventKind.PROJECT,
            "Comité de projet",
            "partners",
            date(year, 1, 13),
            (14, 16),
            Frequency.MONTHLY,
            2,
        ),
        (
            "lyon-plenary-rhythm",
            EventKind.PLENARY,
            "Plénière de la convention",
            "public",
            date(year, 11, 17),
            (9, 12),
            Frequency.YEARLY,
            1,
        ),
    ]
    events = []
    for fact_id, kind, title, tier, first, (begin, end), frequency, interval in rows:
        uses(fact_id)
        source = cite(fact_id)
        description = (
            f"Rythme fixé par la convention : « {fact(fact_id).quote} ».\n"
            f"Source : {source}.\n"
            f"Dates, heures et lieu : valeurs de démonstration {PLACEHOLDER}."
        )
        events.append(
            {
                "title": title,
                "kind": kind,
                "access_tier": tier,
                "description": description,
                "place": f"Métropole de Lyon {PLACEHOLDER}",
                "start": _at(first, begin),
                "end": _at(first, end),
                "recurrence_frequency": frequency,
                "recurrence_interval": interval,
                "recurrence_until": last,
                "recurrence_count": None,
            }
        )
    return events


def load_agenda_demo(year: int | None = None) -> int:
    """Write the Grand Lyon governance calendar; returns the number of events written."""
    from hub.models import TerritoryPage

    territory = TerritoryPage.objects.filter(slug="grand-lyon").first()
    if territory is None:
        return 0
    year = year or timezone.localdate().year
    written = 0
    for values in governance_events(year):
        event = Event.objects.filter(territory=territory, title=values["title"]).first()
        if event is None:
            event = Event(territory=territory, title=values["title"])
        elif all(getattr(event, name) == value for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(event, name, value)
        event.full_clean()
        event.save()
        written += 1
    return written
