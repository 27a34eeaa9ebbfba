"""The trainings' figures for the evaluation dashboard (`maillage_evaluation_series`,
hub/hooks.py): sessions held, people trained, mean « à chaud » and « suivi » scores, per
territory and month of the session's start (Paris time), over the sessions that have
ended and whose module the dashboard's audience may see (`hub.access.effective_access`,
one module at a time: modules are few).

Aggregates only: a mean score is given for a territory and month only from `THRESHOLD`
answers (as the results pages, hub/trainings/results.py), with its answer count as its
weight, so that the dashboard's means over months and territories stay exact.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from hub.access import effective_access
from hub.agenda.recurrence import PARIS
from hub.hooks import Series
from hub.trainings.models import (
    SCORE_FIELDS,
    Evaluation,
    EvaluationKind,
    Status,
    TrainingModule,
    TrainingSession,
)
from hub.trainings.results import THRESHOLD

SECTION = "Formations"
SOURCE = "Sessions, présences et évaluations enregistrées sur le hub (/formations/)"


def _visible_module_ids(audience) -> list[int]:
    modules = TrainingModule.objects.prefetch_related("access_groups")
    return [module.pk for module in modules if effective_access(module).admits(audience)]


def _month(value):
    return value.astimezone(PARIS).date().replace(day=1)


def series_for(audience, now=None) -> list[Series]:
    now = now or timezone.now()
    sessions = (
        TrainingSession.objects.filter(module__in=_visible_module_ids(audience), end__lte=now)
        .annotate(trained=Count("registrations", filter=Q(registrations__status=Status.ATTENDED)))
        .values("pk", "territory_id", "start", "trained")
    )
    cell_of = {}
    held, trained = defaultdict(int), defaultdict(int)
    for row in sessions:
        cell = (row["territory_id"], _month(row["start"]))
        cell_of[row["pk"]] = cell
        held[cell] += 1
        trained[cell] += row["trained"]
    total = sum((F(name) for name in SCORE_FIELDS[1:]), F(SCORE_FIELDS[0]))
    answers = (
        Evaluation.objects.filter(registration__session__in=list(cell_of))
        .values("registration__session", "kind")
        .annotate(count=Count("pk"), points=Sum(total))
    )
    scores = {kind: defaultdict(lambda: [0, 0]) for kind in EvaluationKind.values}
    for row in answers:
        cell = scores[row["kind"]][cell_of[row["registration__session"]]]
        cell[0] += row["count"]
        cell[1] += row["points"]

    def rows(counts):
        return tuple(
            (territory, month, float(value))
            for (territory, month), value in sorted(counts.items(), key=_order)
        )

    found = [
        Series(
            key="formations-sessions",
            label="Sessions de formation tenues",
            unit="sessions",
            section=SECTION,
            rows=rows(held),
            source=SOURCE,
        ),
        Series(
            key="formations-personnes",
            label="Personnes formées",
            unit="personnes",
            section=SECTION,
            rows=rows(trained),
            source=f"{SOURCE} : inscriptions marquées « présent »",
        ),
    ]
    for kind, key, label in (
        (EvaluationKind.HOT, "formations-score-chaud", "Note moyenne « à chaud »"),
        (
            EvaluationKind.FOLLOW_UP,
            "formations-score-suivi",
            "Note moyenne au suivi (12 à 18 mois)",
        ),
    ):
        kept = sorted(
            ((cell, values) for cell, values in scores[kind].items() if values[0] >= THRESHOLD),
            key=_order,
        )
        found.append(
            Series(
                key=key,
                label=label,
                unit="score sur 5",
                section=SECTION,
                rows=tuple(
                    (territory, month, round(points / (count * len(SCORE_FIELDS)), 2))
                    for (territory, month), (count, points) in kept
                ),
                source=f"{SOURCE} ; moyenne des {len(SCORE_FIELDS)} questions, "
                f"à partir de {THRESHOLD} réponses",
                aggregate="mean",
                weights=tuple(count for _cell, (count, _points) in kept),
            )
        )
    return found


def _order(item):
    (territory, month), _value = item
    return (month, territory or 0)
