"""The agenda's series of the evaluation dashboard (`maillage_evaluation_series`,
hub/hooks.py): the meetings held, per territory and month.

A meeting is held once it has ended. Events are read through `hub.agenda.query`
(`visible_events`: `hub.access.visible_objects`, the event's own tier), so the counts
are over what the audience may see: a restricted meeting adds nothing to a reader who
may not see it. One grouped query counts the single meetings; the recurring series (a
few, each expanded by its rule as on the agenda's pages) are read in a second query."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from hub.agenda.query import visible_events
from hub.agenda.recurrence import PARIS
from hub.hooks import Series


def held_rows(audience, now=None) -> tuple:
    from hub.evaluation.readers import reader_for

    now = now or timezone.now()
    events = visible_events(reader_for(audience)).select_related(None)
    counts: Counter = Counter()
    single = (
        events.filter(recurrence_frequency="", end__lte=now)
        .annotate(month=TruncMonth("start", tzinfo=PARIS))
        .values_list("territory_id", "month")
        .annotate(held=Count("pk"))
        .order_by()
    )
    for territory, month, held in single:
        counts[(territory, _day(month))] += held
    for event in events.exclude(recurrence_frequency="").filter(start__lt=now):
        for occurrence in event.occurrences(before=now):
            if occurrence.end <= now:
                month = occurrence.start.astimezone(PARIS).date().replace(day=1)
                counts[(event.territory_id, month)] += 1
    return tuple((territory, month, float(n)) for (territory, month), n in counts.items())


def _day(month):
    """TruncMonth gives an aware datetime (PostgreSQL) or a date: its first day."""
    if hasattr(month, "astimezone"):
        return month.astimezone(PARIS).date()
    return month


def series(audience) -> list[Series]:
    return [
        Series(
            key="agenda-reunions",
            label="Réunions et événements tenus",
            unit="réunions",
            section="Agenda",
            rows=held_rows(audience),
            source=(
                "Agenda du site : chaque séance terminée d'un événement (comités, plénières, "
                "assemblées de CLSM, SISM, formations, groupes de travail), comptée dans le mois "
                "où elle a commencé (heure de Paris)."
            ),
        )
    ]
