"""The evaluation's part of `load_demo`: the SELO sheet's households, as its seed says
them. The seed gives 24 households for the whole period 2016-2019, not one year: the
figure is filed under 2019, the period's last year, and its source says so with the
placeholder the demo uses for what the seeds leave open. The seeds give no number of
dwellings: none is typed. Idempotent (`update_or_create` on project, kind and year)."""

from __future__ import annotations

from hub.demo.sources import PLACEHOLDER, cite, fact
from hub.evaluation.models import ProjectFigure

SELO_YEAR = 2019


def selo_source() -> str:
    households, period = fact("selo-households"), fact("selo-period")
    return (
        f"{cite('selo-households', 'selo-period')} : « {households.quote} » "
        f"({period.quote}) ; rattaché à {SELO_YEAR}, dernière année de la période "
        f"{PLACEHOLDER}"
    )


def load_evaluation_demo() -> None:
    from hub.models import ProjectSheetPage

    selo = ProjectSheetPage.objects.filter(slug="selo").first()
    if selo is None:
        return
    found = ProjectFigure.objects.filter(
        project=selo, kind=ProjectFigure.Kind.HOUSEHOLDS, year=SELO_YEAR
    ).first()
    # « 24 ménages accompagnés (…) »: the number is the quote's first word.
    values = {"value": int(fact("selo-households").quote.split()[0]), "source": selo_source()}
    if found is None:
        ProjectFigure.objects.create(
            project=selo, kind=ProjectFigure.Kind.HOUSEHOLDS, year=SELO_YEAR, **values
        )
    elif any(getattr(found, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(found, name, value)
        found.save()
