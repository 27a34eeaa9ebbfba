"""The directory's series of the evaluation dashboard (`maillage_evaluation_series`,
hub/hooks.py): coordination instances active, directory entries and their freshness, per
territory.

Every count is over what the audience may see (`hub.access.visible_objects`: an entry's
own tier and its containers'): a restricted entry adds nothing to a reader who may not see
it. One grouped query per kind of entry, whatever the number of territories.

The directory keeps no history of its entries: the entries and their freshness are the
stock of today (one value, this month). The instances active are rebuilt month by month
from their creation date (`created_on`; an instance without one counts from the start):
an instance active today is counted from the month it was created. A structure present
on two territories counts in each.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from directory.freshness import freshness_days, stale_filter
from directory.models import (
    Contact,
    CoordinationInstance,
    Organisation,
    PsychiatricSector,
    Service,
)
from hub.access import visible_objects
from hub.evaluation.readers import reader_for
from hub.hooks import Series

SECTION = "Annuaire"
# Each kind of entry and the path to its territory pages.
TERRITORY_PATHS = {
    Organisation: "territories",
    Service: "organisation__territories",
    Contact: "organisation__territories",
    CoordinationInstance: "territory_page",
    PsychiatricSector: "hospital__territories",
}
# Before any real date: an instance with no creation date counts from the start.
ALWAYS = date(2000, 1, 1)


def _counted(reader, model):
    """The rows of `model` `reader` may see. A sector takes its hospital's territories,
    and its hospital is not a container (a public sector may have a restricted hospital):
    a sector whose hospital the reader may not see counts with no territory, so that its
    place in a territory tells nothing of the hospital."""
    rows = visible_objects(reader, model.objects.all())
    if model is PsychiatricSector:
        hospitals = visible_objects(reader, Organisation.objects.all()).values("pk")
        return rows.filter(hospital__in=hospitals), rows.exclude(hospital__in=hospitals)
    return rows, None


def entry_counts(reader, today) -> dict:
    """{territory id or None: [entries, stale]} over the entries `reader` may see."""
    found = defaultdict(lambda: [0, 0])
    for model, path in TERRITORY_PATHS.items():
        rows, unplaced = _counted(reader, model)
        if unplaced is not None:
            alone = unplaced.aggregate(
                entries=Count("pk"), stale=Count("pk", filter=stale_filter(today))
            )
            found[None][0] += alone["entries"]
            found[None][1] += alone["stale"]
        grouped = (
            rows.values_list(path)
            .annotate(
                entries=Count("pk", distinct=True),
                stale=Count("pk", filter=stale_filter(today), distinct=True),
            )
            .order_by()
        )
        for territory, entries, stale in grouped:
            found[territory][0] += entries
            found[territory][1] += stale
    return found


def active_instance_rows(reader) -> tuple:
    """(territory, month, instances active today created by that month), a row per
    month where the number changes."""
    created = (
        visible_objects(reader, CoordinationInstance.objects.filter(status="active"))
        .annotate(month=TruncMonth("created_on"))
        .values_list("territory_page", "month")
        .annotate(number=Count("pk"))
        .order_by()
    )
    by_territory = defaultdict(list)
    for territory, month, number in created:
        by_territory[territory].append((month or ALWAYS, number))
    rows = []
    for territory, months in by_territory.items():
        running = 0
        for month, number in sorted(months):
            running += number
            rows.append((territory, month, float(running)))
    return tuple(rows)


def series(audience) -> list[Series]:
    reader = reader_for(audience)
    today = timezone.localdate()
    this_month = today.replace(day=1)
    counts = entry_counts(reader, today)
    months = round(freshness_days() / 30.44)
    entries, stale, fresh, weights = [], [], [], []
    for territory, (number, old) in counts.items():
        entries.append((territory, this_month, float(number)))
        stale.append((territory, this_month, float(old)))
        if number:
            fresh.append((territory, this_month, 100.0 * (number - old) / number))
            weights.append(number)
    stock = (
        "Annuaire du site aujourd'hui (structures, services, contacts, instances, secteurs) : "
        "l'annuaire ne garde pas d'historique, seul le mois en cours a une valeur."
    )
    return [
        Series(
            key="annuaire-instances-actives",
            label="Instances de coordination actives",
            unit="instances",
            section=SECTION,
            rows=active_instance_rows(reader),
            source=(
                "Annuaire : instances au statut « active » aujourd'hui, comptées à partir du "
                "mois de leur création (depuis toujours quand la date n'est pas connue)."
            ),
            aggregate="last",
        ),
        Series(
            key="annuaire-fiches",
            label="Fiches de l'annuaire",
            unit="fiches",
            section=SECTION,
            rows=tuple(entries),
            source=stock,
            aggregate="last",
        ),
        Series(
            key="annuaire-fiches-a-verifier",
            label=f"Fiches à vérifier (non vérifiées depuis plus de {months} mois)",
            unit="fiches",
            section=SECTION,
            rows=tuple(stale),
            source=stock,
            aggregate="last",
        ),
        Series(
            key="annuaire-fiches-a-jour",
            label="Part des fiches à jour",
            unit="% des fiches",
            section=SECTION,
            rows=tuple(fresh),
            source=stock,
            aggregate="mean",
            weights=tuple(weights),
        ),
    ]
