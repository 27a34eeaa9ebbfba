"""How series add up (sums, stocks carried over, weighted means), and the demo's SELO
figure with its source on the public summary."""

from datetime import date

import pytest
from django.core.cache import cache

from hub.evaluation import aggregate
from hub.evaluation.models import ProjectFigure
from hub.evaluation.periods import months_until, years_until
from hub.hooks import Series
from tests.evaluation.conftest import client_for
from tests.evaluation.support import values_of

PERIODS = months_until(date(2026, 6, 15), 4)  # March to June 2026


def series(rows, aggregate="sum", weights=()):
    return Series("cle", "Libellé", "unités", "Rubrique", tuple(rows), "source", aggregate, weights)


@pytest.mark.no_django_db
def test_sums_by_month_and_territory():
    rows = [(1, date(2026, 3, 1), 2), (2, date(2026, 3, 20), 3), (1, date(2026, 5, 1), 1)]
    rows.append((1, date(2025, 12, 1), 50))  # before the window: left out
    assert aggregate.values(series(rows), PERIODS) == [5, 0, 1, 0]
    assert aggregate.values(series(rows), PERIODS, territory_id=1) == [2, 0, 1, 0]
    assert aggregate.total(series(rows), [5, 0, 1, 0]) == 6


@pytest.mark.no_django_db
def test_stocks_carry_over_until_they_change_and_add_up_over_territories():
    rows = [(1, date(2020, 1, 1), 2), (1, date(2026, 5, 1), 3), (2, date(2026, 4, 1), 1)]
    numbers = aggregate.values(series(rows, "last"), PERIODS)
    assert numbers == [2, 3, 4, 4]
    assert aggregate.values(series(rows, "last"), PERIODS, territory_id=2) == [None, 1, 1, 1]
    assert aggregate.total(series(rows, "last"), numbers) == 4


@pytest.mark.no_django_db
def test_means_are_weighted():
    rows = [(1, date(2026, 3, 1), 100.0), (2, date(2026, 3, 1), 50.0)]
    found = aggregate.values(series(rows, "mean", weights=(3, 1)), PERIODS)
    assert found[0] == pytest.approx(87.5)
    assert found[1:] == [None, None, None]


@pytest.mark.no_django_db
def test_site_wide_series_ignore_the_territory_filter():
    rows = [(None, date(2026, 4, 2), 7)]
    assert aggregate.values(series(rows), PERIODS, territory_id=1) == [0, 7, 0, 0]


@pytest.mark.no_django_db
def test_french_numbers():
    assert aggregate.french_number(1234) == "1\u00a0234"
    assert aggregate.french_number(66.666) == "66,7"
    assert aggregate.french_number(None) == "—"
    assert aggregate.csv_number(1234.0) == "1234"
    assert aggregate.csv_number(66.666) == "66,7"
    assert aggregate.csv_number(None) == ""
    assert [p.label for p in years_until(date(2026, 1, 1), 2)] == ["2025", "2026"]


def test_the_demo_shows_selo_households_with_their_source(demo_module):
    cache.clear()
    figure = ProjectFigure.objects.get(project__slug="selo")
    assert (figure.kind, figure.year, figure.value) == ("menages", 2019, 24)
    assert "24 ménages accompagnés (10 accès et 14 maintiens)" in figure.source
    assert "[à vérifier par le territoire]" in figure.source
    assert not ProjectFigure.objects.filter(kind="logements").exists()  # the seeds say none
    html = client_for().get("/evaluation/synthese/?vue=annee").content.decode()
    years = values_of(html, "Ménages accompagnés")
    if "2019" in years:  # the yearly view shows the last eight years
        assert years["2019"] == 24
    marseille = client_for().get("/evaluation/synthese/?vue=annee&territoire=marseille")
    assert marseille.status_code == 200
    from hub.evaluation.demo import load_evaluation_demo

    load_evaluation_demo()  # idempotent
    assert ProjectFigure.objects.count() == 1


def test_administrators_type_the_figures_in_the_admin_without_health_data(
    demo_module, admin_client
):
    from hub.models import ProjectSheetPage

    client = admin_client
    listing = client.get("/admin/snippets/evaluation/projectfigure/")
    assert listing.status_code == 200
    assert "SELO" in listing.content.decode()
    dlai = ProjectSheetPage.objects.get(slug="dlai")
    form = {"project": dlai.pk, "kind": "logements", "year": 2018, "value": 12}
    refused = client.post(
        "/admin/snippets/evaluation/projectfigure/add/",
        {**form, "source": "Mme Martin, bipolaire, hospitalisée en 2018"},
    )
    assert refused.status_code == 200
    assert not ProjectFigure.objects.filter(project=dlai).exists()
    assert "error-message" in refused.content.decode()
    accepted = client.post(
        "/admin/snippets/evaluation/projectfigure/add/",
        {**form, "source": "Bilan annuel du dispositif [à vérifier par le territoire]"},
    )
    assert accepted.status_code == 302
    assert ProjectFigure.objects.get(project=dlai).value == 12
