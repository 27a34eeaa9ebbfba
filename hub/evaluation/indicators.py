"""The evaluation's own series (`maillage_evaluation_series`, hub/hooks.py): the yearly
figures the territories type for their project sheets, and the site's page views.

A project figure is counted only when its project sheet is a live page the audience may
see (`hub.access.visible_pages`): a sheet in preparation or restricted adds nothing to
the public summary. Page views are the site's own use, aggregates with no territory, the
same for every audience."""

from __future__ import annotations

from datetime import date

from hub.access import visible_pages
from hub.evaluation.models import PageViewCount, ProjectFigure
from hub.evaluation.pageviews import SECTIONS
from hub.evaluation.readers import reader_for
from hub.hooks import Series

PROJECTS = "Projets des territoires"
SITE_USE = "Usage du site"


def project_series(audience) -> list[Series]:
    from hub.models import ProjectSheetPage

    sheets = visible_pages(reader_for(audience), ProjectSheetPage.objects.live())
    rows = {kind: [] for kind in ProjectFigure.Kind.values}
    for kind, territory, year, value in ProjectFigure.objects.filter(
        project__in=sheets.values("pk")
    ).values_list("kind", "project__territory_id", "year", "value"):
        rows[kind].append((territory, date(year, 1, 1), float(value)))
    source = (
        "Chiffres annuels saisis par les territoires pour leurs fiches projet (une valeur par "
        "projet et par année, comptée en janvier ; la source de chacune est dans l'administration)."
    )
    return [
        Series(
            key="projets-menages",
            label="Ménages accompagnés",
            unit="ménages",
            section=PROJECTS,
            rows=tuple(rows[ProjectFigure.Kind.HOUSEHOLDS]),
            source=source,
        ),
        Series(
            key="projets-logements",
            label="Logements",
            unit="logements",
            section=PROJECTS,
            rows=tuple(rows[ProjectFigure.Kind.DWELLINGS]),
            source=source,
        ),
    ]


def page_view_series(audience) -> list[Series]:
    """One series per section of the site, from one query."""
    rows = {section: [] for section, _label in SECTIONS}
    for section, month, count in PageViewCount.objects.values_list("section", "month", "count"):
        rows.setdefault(section, []).append((None, month, float(count)))
    return [
        Series(
            key=f"pages-vues-{section}",
            label=f"Pages vues : {label}",
            unit="pages vues",
            section=SITE_USE,
            rows=tuple(rows[section]),
            source=(
                "Compteur du site, sans cookie ni adresse IP ni compte : une page HTML servie "
                "compte une vue dans sa rubrique et son mois, rien n'est gardé par personne."
            ),
        )
        for section, label in SECTIONS
    ]
