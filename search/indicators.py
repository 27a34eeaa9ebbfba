"""The search's series of the evaluation dashboard (`maillage_evaluation_series`,
hub/hooks.py): the searches that found nothing, per month.

`ZeroResultCount` keeps one count per day and no words (a person could type a tenant's
name); it is the same for every audience (a count of searches, not of what they found)
and belongs to no territory. One grouped query."""

from __future__ import annotations

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from hub.hooks import Series
from search.models import ZeroResultCount


def zero_result_rows() -> tuple:
    months = (
        ZeroResultCount.objects.annotate(month=TruncMonth("day"))
        .values_list("month")
        .annotate(total=Sum("count"))
        .order_by("month")
    )
    return tuple((None, month, float(total)) for month, total in months)


def series(audience) -> list[Series]:
    return [
        Series(
            key="recherches-sans-resultat",
            label="Recherches sans résultat",
            unit="recherches",
            section="Recherche",
            rows=zero_result_rows(),
            source=(
                "Compte quotidien des recherches du site (/recherche/) qui n'ont rien trouvé ; "
                "les mots cherchés ne sont pas gardés."
            ),
        )
    ]
