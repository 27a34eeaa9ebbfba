"""Retention periods: what personal data the hub keeps, how long, and its daily purge.

The periods live in one settings block, `MAILLAGE_RETENTION` (days). `purges()` lists, for
each kind of data, the rows past their period: their primary keys, frozen at listing time,
so that `--dry-run` shows exactly what the real run then removes. `run()` removes them in
one transaction.

| kind | period counted from | what happens |
|---|---|---|
| refused account requests | the decision | deleted |
| unanswered account requests | the request | deleted (the person may ask again) |
| accepted requests whose account is gone | the decision | deleted |
| django-axes logins, failures, lockout counters | the attempt | deleted |
| closed error reports | the report | deleted |
| open error reports | the report | the reporter's address is erased |
| daily counts of searches without results | the day | deleted |

The journal of accreditation decisions is kept: its rows name an account (which may be
gone), never a requester's name or address.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

DELETE = "delete"
ERASE_REPORTER = "erase_reporter"


def period(key: str) -> int:
    """Days of `key` in `settings.MAILLAGE_RETENTION` (the one place for the figures)."""
    return int(settings.MAILLAGE_RETENTION[key])


@dataclass
class Purge:
    """One kind of data past its period: which rows, and what happens to them."""

    label: str
    period_key: str
    cutoff: datetime
    model: type
    pks: list = field(default_factory=list)
    action: str = DELETE

    @property
    def days(self) -> int:
        return period(self.period_key)

    def line(self) -> str:
        what = "adresse(s) effacée(s)" if self.action == ERASE_REPORTER else "ligne(s) supprimée(s)"
        cutoff = timezone.localtime(self.cutoff).strftime("%d/%m/%Y %H:%M")
        return (
            f"{self.label} : conservation {self.days} jours, avant le {cutoff} : "
            f"{len(self.pks)} {what}"
        )

    def apply(self) -> int:
        rows = self.model.objects.filter(pk__in=self.pks)
        if self.action == ERASE_REPORTER:
            return rows.update(reporter_email="")
        rows.delete()
        return len(self.pks)


def _cutoff(now, key) -> datetime:
    return now - timedelta(days=period(key))


def _pks(queryset) -> list:
    return list(queryset.order_by("pk").values_list("pk", flat=True))


def _request_purges(now) -> list[Purge]:
    from hub.accounts.models import AccreditationRequest

    Status = AccreditationRequest.Status
    cutoff = _cutoff(now, "account_requests")
    requests = AccreditationRequest.objects
    return [
        Purge(
            "Demandes de compte refusées",
            "account_requests",
            cutoff,
            AccreditationRequest,
            _pks(requests.filter(status=Status.REFUSED, decided_at__lt=cutoff)),
        ),
        Purge(
            "Demandes de compte restées sans réponse",
            "account_requests",
            cutoff,
            AccreditationRequest,
            _pks(requests.filter(status=Status.PENDING, created_at__lt=cutoff)),
        ),
        Purge(
            "Demandes acceptées dont le compte n'existe plus",
            "account_requests",
            cutoff,
            AccreditationRequest,
            _pks(
                requests.filter(status=Status.APPROVED, account__isnull=True, decided_at__lt=cutoff)
            ),
        ),
    ]


def _login_purges(now) -> list[Purge]:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    cutoff = _cutoff(now, "login_logs")
    kinds = (
        ("Journal des connexions", AccessLog),
        ("Journal des échecs de connexion", AccessFailureLog),
        ("Compteurs de tentatives de connexion", AccessAttempt),
    )
    return [
        Purge(
            label, "login_logs", cutoff, model, _pks(model.objects.filter(attempt_time__lt=cutoff))
        )
        for label, model in kinds
    ]


def _report_purges(now) -> list[Purge]:
    from directory.models import ErrorReport

    cutoff = _cutoff(now, "error_reports")
    old = ErrorReport.objects.filter(created_at__lt=cutoff)
    return [
        Purge(
            "Signalements d'erreur clos",
            "error_reports",
            cutoff,
            ErrorReport,
            _pks(old.exclude(status__in=ErrorReport.OPEN_STATUSES)),
        ),
        Purge(
            "Adresses des signalements encore ouverts",
            "error_reports",
            cutoff,
            ErrorReport,
            _pks(old.filter(status__in=ErrorReport.OPEN_STATUSES).exclude(reporter_email="")),
            action=ERASE_REPORTER,
        ),
    ]


def _search_purges(now) -> list[Purge]:
    from search.models import ZeroResultCount

    cutoff = _cutoff(now, "zero_result_searches")
    day = timezone.localtime(cutoff).date()
    return [
        Purge(
            "Comptes quotidiens des recherches sans résultat",
            "zero_result_searches",
            cutoff,
            ZeroResultCount,
            _pks(ZeroResultCount.objects.filter(day__lt=day)),
        )
    ]


def purges(now=None) -> list[Purge]:
    """Everything past its period at `now` (default: now), by kind."""
    now = now or timezone.now()
    return [
        *_request_purges(now),
        *_login_purges(now),
        *_report_purges(now),
        *_search_purges(now),
    ]


@transaction.atomic
def run(listed: list[Purge]) -> int:
    """Apply the listed purges (all or nothing); returns the number of rows touched."""
    return sum(purge.apply() for purge in listed)
