"""Retention periods (issue 15): each kind of personal data goes once its period is over,
not a minute before; `purge_personal_data --dry-run` changes nothing and lists exactly
what the real run then removes."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from directory.models import ErrorReport
from hub.accounts.forms import AccreditationRequestForm
from hub.accounts.models import AccreditationRequest
from hub.privacy import retention
from search.models import ZeroResultCount
from tests.accounts import family, make_user
from tests.directory.helpers import make_organisation

NOW = timezone.now().replace(microsecond=0)
MINUTE = timedelta(minutes=1)
Status = AccreditationRequest.Status


def cutoff(key, now=NOW):
    return now - timedelta(days=retention.period(key))


def listed(now=NOW) -> dict[str, set]:
    """{label: pks} of what the purge would remove at `now`."""
    return {purge.label: set(purge.pks) for purge in retention.purges(now)}


def make_request(email, status=Status.PENDING, *, created=None, decided=None, account=None):
    request = AccreditationRequest.objects.create(
        first_name="Prénom",
        last_name="Nom",
        email=email,
        organisation="Organisation",
        job_role="Fonction",
        family=family(),
        status=status,
        account=account,
    )
    AccreditationRequest.objects.filter(pk=request.pk).update(
        created_at=created or NOW, decided_at=decided
    )
    return request


def make_login_logs(when):
    rows = []
    for model, extra in (
        (AccessLog, {}),
        (AccessFailureLog, {"locked_out": False}),
        (AccessAttempt, {"get_data": "", "post_data": "", "failures_since_start": 1}),
    ):
        row = model.objects.create(
            username=f"compte-{when:%Y%m%d%H%M}@example.org",
            ip_address="192.0.2.9",
            user_agent="Firefox",
            http_accept="*/*",
            path_info="/compte/connexion/",
            **extra,
        )
        model.objects.filter(pk=row.pk).update(attempt_time=when)
        rows.append(row)
    return rows


def make_report(when, status=ErrorReport.Status.NEW, email="signaleur@example.org"):
    structure = make_organisation(f"Structure {when:%Y%m%d%H%M} {status}")
    report = ErrorReport.objects.create(
        content_type=ContentType.objects.get_for_model(structure),
        object_id=structure.pk,
        entry_label=structure.name,
        topic=ErrorReport.Topic.PHONE,
        message="Le numéro a changé.",
        reporter_email=email,
        status=status,
    )
    ErrorReport.objects.filter(pk=report.pk).update(created_at=when)
    return report


# --- One test per period -----------------------------------------------------------------------


def test_refused_requests_go_90_days_after_their_decision():
    limit = cutoff("account_requests")
    old = make_request("a@example.org", Status.REFUSED, decided=limit - MINUTE)
    recent = make_request("b@example.org", Status.REFUSED, decided=limit + MINUTE)
    assert retention.period("account_requests") == 90
    assert listed()["Demandes de compte refusées"] == {old.pk}
    assert recent.pk not in set().union(*listed().values())


def test_unanswered_requests_go_90_days_after_they_were_sent():
    limit = cutoff("account_requests")
    old = make_request("c@example.org", created=limit - MINUTE)
    recent = make_request("d@example.org", created=limit + MINUTE)
    assert listed()["Demandes de compte restées sans réponse"] == {old.pk}
    assert recent.pk not in set().union(*listed().values())


def test_accepted_requests_are_kept_as_long_as_their_account_exists():
    limit = cutoff("account_requests")
    account = make_user("membre.actif", families=["bailleurs-gestionnaires"])
    kept = make_request("e@example.org", Status.APPROVED, decided=limit - MINUTE, account=account)
    orphan = make_request("f@example.org", Status.APPROVED, decided=limit - MINUTE)
    recent = make_request("g@example.org", Status.APPROVED, decided=limit + MINUTE)
    assert listed()["Demandes acceptées dont le compte n'existe plus"] == {orphan.pk}
    assert not {kept.pk, recent.pk} & set().union(*listed().values())


def test_login_logs_go_after_180_days():
    limit = cutoff("login_logs")
    old = make_login_logs(limit - MINUTE)
    recent = make_login_logs(limit + MINUTE)
    assert retention.period("login_logs") == 180
    found = listed()
    assert found["Journal des connexions"] == {old[0].pk}
    assert found["Journal des échecs de connexion"] == {old[1].pk}
    assert found["Compteurs de tentatives de connexion"] == {old[2].pk}
    assert AccessLog.objects.filter(pk=recent[0].pk).exists()


def test_closed_reports_go_and_open_ones_lose_their_address_after_365_days():
    limit = cutoff("error_reports")
    closed_old = make_report(limit - MINUTE, ErrorReport.Status.FIXED, email="")
    closed_recent = make_report(limit + MINUTE, ErrorReport.Status.REJECTED, email="")
    open_old = make_report(limit - MINUTE)
    open_recent = make_report(limit + MINUTE)
    assert retention.period("error_reports") == 365
    found = listed()
    assert found["Signalements d'erreur clos"] == {closed_old.pk}
    assert found["Adresses des signalements encore ouverts"] == {open_old.pk}
    retention.run(retention.purges(NOW))
    assert not ErrorReport.objects.filter(pk=closed_old.pk).exists()
    assert ErrorReport.objects.get(pk=open_old.pk).reporter_email == ""
    assert ErrorReport.objects.get(pk=open_recent.pk).reporter_email == "signaleur@example.org"
    assert ErrorReport.objects.filter(pk=closed_recent.pk).exists()


def test_counts_of_searches_without_results_go_after_400_days():
    day = timezone.localtime(cutoff("zero_result_searches")).date()
    old = ZeroResultCount.objects.create(day=day - timedelta(days=1), count=3)
    kept = ZeroResultCount.objects.create(day=day, count=2)
    assert retention.period("zero_result_searches") == 400
    assert listed()["Comptes quotidiens des recherches sans résultat"] == {old.pk}
    retention.run(retention.purges(NOW))
    assert list(ZeroResultCount.objects.values_list("pk", flat=True)) == [kept.pk]


def test_the_periods_are_read_from_the_one_settings_block(settings):
    settings.MAILLAGE_RETENTION = {**settings.MAILLAGE_RETENTION, "account_requests": 10}
    request = make_request("h@example.org", Status.REFUSED, decided=NOW - timedelta(days=11))
    assert listed()["Demandes de compte refusées"] == {request.pk}


def test_the_account_request_form_states_the_period_it_applies():
    consent = str(AccreditationRequestForm().fields["consent"].help_text)
    assert "tant que le compte existe" in consent
    assert f"{retention.period('account_requests')} jours" in consent


# --- The command ----------------------------------------------------------------------------------


@pytest.fixture
def rows_on_both_sides():
    now = timezone.now()
    hour = timedelta(hours=1)
    make_request("i@example.org", Status.REFUSED, decided=cutoff("account_requests", now) - hour)
    make_request("j@example.org", Status.REFUSED, decided=cutoff("account_requests", now) + hour)
    make_request("k@example.org", created=cutoff("account_requests", now) - hour)
    make_login_logs(cutoff("login_logs", now) - hour)
    make_login_logs(cutoff("login_logs", now) + hour)
    make_report(cutoff("error_reports", now) - hour, ErrorReport.Status.FIXED)
    make_report(cutoff("error_reports", now) - hour)
    make_report(cutoff("error_reports", now) + hour)
    day = timezone.localtime(cutoff("zero_result_searches", now)).date()
    ZeroResultCount.objects.create(day=day - timedelta(days=1), count=1)
    ZeroResultCount.objects.create(day=day + timedelta(days=1), count=1)


def state() -> dict:
    return {
        "requests": AccreditationRequest.objects.count(),
        "logs": AccessLog.objects.count(),
        "failures": AccessFailureLog.objects.count(),
        "attempts": AccessAttempt.objects.count(),
        "reports": ErrorReport.objects.count(),
        "addresses": ErrorReport.objects.exclude(reporter_email="").count(),
        "searches": ZeroResultCount.objects.count(),
    }


def run_command(*args) -> dict[str, int]:
    out = io.StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    lines = out.getvalue().splitlines()
    counts = {}
    for line in lines[:-1]:
        label, rest = line.strip().split(" : conservation ", 1)
        assert re.search(r"\d+ jours, avant le \d\d/\d\d/\d{4} \d\d:\d\d : ", rest), line
        counts[label] = int(re.search(r" : (\d+) (?:ligne|adresse)", rest).group(1))
    return counts, lines[-1]


def test_dry_run_changes_nothing_and_lists_what_the_real_run_removes(rows_on_both_sides):
    before = state()
    planned, summary = run_command("--dry-run")
    assert summary == "Simulation : 8 ligne(s) à traiter, rien n'a été modifié."
    assert state() == before
    assert planned == {
        "Demandes de compte refusées": 1,
        "Demandes de compte restées sans réponse": 1,
        "Demandes acceptées dont le compte n'existe plus": 0,
        "Journal des connexions": 1,
        "Journal des échecs de connexion": 1,
        "Compteurs de tentatives de connexion": 1,
        "Signalements d'erreur clos": 1,
        "Adresses des signalements encore ouverts": 1,
        "Comptes quotidiens des recherches sans résultat": 1,
    }

    done, summary = run_command()
    assert done == planned
    assert summary == "Purge terminée : 8 ligne(s) supprimée(s) ou effacée(s)."
    after = state()
    removed = {key: before[key] - after[key] for key in before}
    assert removed == {
        "requests": planned["Demandes de compte refusées"]
        + planned["Demandes de compte restées sans réponse"],
        "logs": planned["Journal des connexions"],
        "failures": planned["Journal des échecs de connexion"],
        "attempts": planned["Compteurs de tentatives de connexion"],
        "reports": planned["Signalements d'erreur clos"],
        "addresses": planned["Signalements d'erreur clos"]
        + planned["Adresses des signalements encore ouverts"],
        "searches": planned["Comptes quotidiens des recherches sans résultat"],
    }
    again, _summary = run_command("--dry-run")
    assert set(again.values()) == {0}
