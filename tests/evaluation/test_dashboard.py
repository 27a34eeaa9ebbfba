"""The dashboard over HTTP on known data: the figures are right per territory and month,
the CSV holds exactly the table's numbers, the charts are accessible SVG, and who may open
what."""

from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from directory.models import CoordinationInstance, Organisation
from hub.agenda.recurrence import PARIS
from hub.evaluation.periods import months_until
from search.models import ZeroResultCount
from tests.agenda.conftest import make_event
from tests.evaluation.conftest import account, client_for
from tests.evaluation.support import csv_rows, csv_values, figures, values_of

HELD = "Réunions et événements tenus"


def month_ago(months: int, day: int = 10, hour: int = 10):
    today = timezone.localdate()
    first = date(today.year, today.month, 1)
    for _ in range(months):
        first = (first - timedelta(days=1)).replace(day=1)
    from datetime import datetime

    return datetime(first.year, first.month, day, hour, tzinfo=PARIS)


def label(months: int) -> str:
    return months_until(timezone.localdate(), 24)[-1 - months].label


@pytest.fixture
def agenda(territories):
    metz, lyon = territories
    make_event(metz, "Plénière publique", start=month_ago(2), end=month_ago(2, hour=12))
    make_event(
        metz,
        "Comité des partenaires",
        start=month_ago(2),
        end=month_ago(2, hour=12),
        access_tier="partners",
    )
    make_event(
        metz,
        "Groupe de travail mensuel",
        kind="groupe-travail",
        start=month_ago(5),
        end=month_ago(5, hour=12),
        recurrence_frequency="MONTHLY",
        recurrence_count=3,
    )
    soon = timezone.now() + timedelta(days=40)
    make_event(metz, "Plénière à venir", start=soon, end=soon + timedelta(hours=2))
    make_event(lyon, "Assemblée du CLSM", start=month_ago(2), end=month_ago(2, hour=12))
    return metz, lyon


def test_events_held_are_counted_per_month_over_what_the_reader_may_see(agenda):
    public = values_of(client_for().get("/evaluation/synthese/").content.decode(), HELD)
    assert len(public) == 24
    assert public[label(2)] == 2  # Metz's public plenary and Lyon's assembly
    assert [public[label(n)] for n in (5, 4, 3)] == [1, 1, 1]  # the series' meetings
    assert public[label(0)] == 0  # the coming plenary is not held yet
    assert sum(public.values()) == 5

    partner = client_for(account("partenaire.agenda"))
    seen = values_of(partner.get("/evaluation/").content.decode(), HELD)
    assert seen[label(2)] == 3  # and the partners' committee
    assert sum(seen.values()) == 6


def test_the_territory_filter_keeps_that_territory_only(agenda):
    html = client_for().get("/evaluation/synthese/?territoire=metz").content.decode()
    metz = values_of(html, HELD)
    assert metz[label(2)] == 1
    assert sum(metz.values()) == 4
    lyon = values_of(
        client_for().get("/evaluation/synthese/?territoire=grand-lyon").content.decode(), HELD
    )
    assert sum(lyon.values()) == 1


def test_the_yearly_view_adds_the_months_up(agenda):
    html = client_for().get("/evaluation/synthese/?vue=annee").content.decode()
    years = values_of(html, HELD)
    assert len(years) == 8
    assert list(years)[-1] == str(timezone.localdate().year)
    assert sum(v for v in years.values() if v) == 5


def test_a_wrong_filter_says_so_next_to_the_field_and_shows_everything(agenda):
    response = client_for().get("/evaluation/synthese/?territoire=atlantide&vue=semaine")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    errors = soup.select(".form-field--error .form-field__error")
    assert len(errors) == 2
    assert "Ce territoire n'existe pas" in errors[0].get_text()
    assert soup.title.get_text().startswith("Erreur :")
    assert sum(values_of(response.content.decode(), HELD).values()) == 5


def test_the_csv_holds_exactly_the_tables_numbers(agenda):
    partner = client_for(account("partenaire.csv"))
    for query in ("", "?territoire=metz", "?vue=annee"):
        html = partner.get(f"/evaluation/{query}").content.decode()
        soup = BeautifulSoup(html, "html.parser")
        links = [a["href"] for a in soup.select("article.evaluation-figure a[download]")]
        assert len(links) == len(figures(html))
        for article in soup.select("article.evaluation-figure"):
            title = article.find("h3").get_text(strip=True)
            href = article.select_one("a[download]")["href"]
            response = partner.get(href)
            assert response.status_code == 200, href
            assert response["Content-Type"] == "text/csv; charset=utf-8"
            assert response["Cache-Control"] == "private, no-store" or {
                "private",
                "no-store",
            } <= {part.strip() for part in response["Cache-Control"].split(",")}
            table = figures(html)[title]
            written = csv_values(response)
            assert list(written) == list(table), href
            for period, cell in table.items():
                expected = cell.replace("\u00a0", "").replace("—", "")
                assert written[period] == expected, (href, period)
    rows = csv_rows(partner.get("/evaluation/agenda-reunions.csv?territoire=metz"))
    assert rows[0] == ["Période", "Réunions et événements tenus (réunions)", "Territoire"]
    assert {row[2] for row in rows[1:]} == {"Metz"}


def test_every_chart_is_accessible_and_followed_by_its_table(agenda):
    html = client_for().get("/evaluation/synthese/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    charts = soup.select("svg.evaluation-chart")
    assert charts
    for svg in charts:
        assert svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
        assert svg.find("title", id=title_id).get_text(strip=True)
        assert "tableau qui suit" in svg.find("desc", id=desc_id).get_text()
        bars = svg.find_all("rect")
        assert len(bars) == 24 and all(bar.find("title") for bar in bars)
        table = svg.find_next_sibling("table")
        assert table is not None and table.caption.get_text(strip=True)
        assert [th["scope"] for th in table.thead.find_all("th")] == ["col", "col"]
        assert all(row.th["scope"] == "row" for row in table.tbody.find_all("tr"))
        assert table.find_next_sibling("p", class_=None).a.get("download") is not None
    held = soup.find("h3", string=HELD).find_parent("article").svg
    bar = held.find_all("rect")[-1 - 2]
    assert bar.title.get_text() == f"{label(2)} : 2 réunions"
    assert float(bar["height"]) > 0


def test_zero_result_searches_are_site_wide_monthly_sums(territories):
    today = timezone.localdate()
    first = today.replace(day=1)
    ZeroResultCount.objects.create(day=first, count=3)
    ZeroResultCount.objects.create(day=first + timedelta(days=1), count=4)
    previous = (first - timedelta(days=1)).replace(day=1)
    ZeroResultCount.objects.create(day=previous, count=2)
    html = client_for().get("/evaluation/synthese/?territoire=metz").content.decode()
    found = values_of(html, "Recherches sans résultat")
    assert found[label(0)] == 7 and found[label(1)] == 2
    assert "Chiffre de tout le site" in html


def test_directory_stock_and_active_instances(territories):
    metz, lyon = territories
    today = timezone.localdate()
    old = today - timedelta(days=400)
    for index, (tier, verified) in enumerate(
        [("public", today), ("public", old), ("public", None), ("partners", today)]
    ):
        organisation = Organisation.objects.create(
            name=f"Structure {index}",
            slug=f"structure-{index}",
            kind="association",
            access_tier=tier,
            verified_on=verified,
        )
        organisation.territories.add(metz)
    CoordinationInstance.objects.create(
        name="CLSM ancien", slug="clsm-ancien", kind="clsm", territory_page=metz,
        verified_on=today,
    )  # fmt: skip
    CoordinationInstance.objects.create(
        name="CLSM récent",
        slug="clsm-recent",
        kind="clsm",
        territory_page=metz,
        created_on=month_ago(3).date(),
        verified_on=today,
    )
    CoordinationInstance.objects.create(
        name="CLSM dissous", slug="clsm-dissous", kind="clsm", territory_page=metz,
        status="dissoute", verified_on=today,
    )  # fmt: skip
    html = client_for().get("/evaluation/synthese/?territoire=metz").content.decode()
    instances = values_of(html, "Instances de coordination actives")
    assert instances[label(4)] == 1 and instances[label(3)] == 2 and instances[label(0)] == 2
    entries = values_of(html, "Fiches de l'annuaire")
    assert entries[label(0)] == 6  # three public structures, three instances
    assert entries[label(1)] is None  # no history: only this month has a value
    stale = [v for k, v in figures(html).items() if k.startswith("Fiches à vérifier")][0]
    assert stale[label(0)] == "2"
    assert values_of(html, "Part des fiches à jour")[label(0)] == pytest.approx(66.7)
    partner = client_for(account("partenaire.annuaire"))
    html = partner.get("/evaluation/?territoire=metz").content.decode()
    seen = values_of(html, "Fiches de l'annuaire")
    assert seen[label(0)] == 7
    lyon_html = client_for().get("/evaluation/synthese/?territoire=grand-lyon").content.decode()
    assert values_of(lyon_html, "Fiches de l'annuaire")[label(0)] is None


def test_who_may_open_the_partners_dashboard(territories):
    anonymous = client_for()
    # An expired account is logged out at its request (hub/accounts/middleware.py): it is
    # sent to the login page as an anonymous visitor is.
    expired = client_for(account("partenaire.expire", expired=True))
    for client in (anonymous, expired):
        for url in ("/evaluation/", "/evaluation/agenda-reunions.csv?territoire=metz"):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/compte/connexion/?next=/evaluation/"), url
    partner = client_for(account("partenaire.ok"))
    response = partner.get("/evaluation/")
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert partner.get("/evaluation/inconnu.csv").status_code == 404
    public = anonymous.get("/evaluation/synthese/")
    assert public.status_code == 200
    assert "private" not in public.get("Cache-Control", "")
    assert anonymous.get("/evaluation/synthese/agenda-reunions.csv").status_code == 200
