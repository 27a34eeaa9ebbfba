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

The last three are the apps' rows: their purges come from the holders they register
(`hub.privacy.holders.PersonalData.purges`, directory/hub_hooks.py, search/hub_hooks.py).

The journal of accreditation decisions is kept: its rows name an account (which may be
gone), never a requester's name or address.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hub.privacy.holders import personal_data


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
    # Fields emptied instead of deleting the rows (an open report's address).
    erase_fields: tuple[str, ...] = ()

    @property
    def days(self) -> int:
        return period(self.period_key)

    def line(self) -> str:
        what = "adresse(s) effacée(s)" if self.erase_fields else "ligne(s) supprimée(s)"
        cutoff = timezone.localtime(self.cutoff).strftime("%d/%m/%Y %H:%M")
        return (
            f"{self.label} : conservation {self.days} jours, avant le {cutoff} : "
            f"{len(self.pks)} {what}"
        )

    def apply(self) -> int:
        rows = self.model.objects.filter(pk__in=self.pks)
        if self.erase_fields:
            return rows.update(**dict.fromkeys(self.erase_fields, ""))
        rows.delete()
        return len(self.pks)


def cutoff_of(now, key) -> datetime:
    """The moment before which `key`'s data is past its period, at `now`."""
    return now - timedelta(days=period(key))


def frozen_pks(queryset) -> list:
    """The rows' primary keys, in order: listed once, so that a dry run shows exactly what
    the real run removes."""
    return list(queryset.order_by("pk").values_list("pk", flat=True))


def _request_purges(now) -> list[Purge]:
    from hub.accounts.models import AccreditationRequest

    Status = AccreditationRequest.Status
    cutoff = cutoff_of(now, "account_requests")
    requests = AccreditationRequest.objects
    return [
        Purge(
            "Demandes de compte refusées",
            "account_requests",
            cutoff,
            AccreditationRequest,
            frozen_pks(requests.filter(status=Status.REFUSED, decided_at__lt=cutoff)),
        ),
        Purge(
            "Demandes de compte restées sans réponse",
            "account_requests",
            cutoff,
            AccreditationRequest,
            frozen_pks(requests.filter(status=Status.PENDING, created_at__lt=cutoff)),
        ),
        Purge(
            "Demandes acceptées dont le compte n'existe plus",
            "account_requests",
            cutoff,
            AccreditationRequest,
            frozen_pks(
                requests.filter(status=Status.APPROVED, account__isnull=True, decided_at__lt=cutoff)
            ),
        ),
    ]


def _login_purges(now) -> list[Purge]:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    cutoff = cutoff_of(now, "login_logs")
    kinds = (
        ("Journal des connexions", AccessLog),
        ("Journal des échecs de connexion", AccessFailureLog),
        ("Compteurs de tentatives de connexion", AccessAttempt),
    )
    return [
        Purge(
            label,
            "login_logs",
            cutoff,
            model,
            frozen_pks(model.objects.filter(attempt_time__lt=cutoff)),
        )
        for label, model in kinds
    ]


def purges(now=None) -> list[Purge]:
    """Everything past its period at `now` (default: now), by kind."""
    now = now or timezone.now()
    return [
        *_request_purges(now),
        *_login_purges(now),
        # The apps' data: error reports (directory), daily counts of searches (search).
        *[purge for holder in personal_data() for purge in holder.purges(now)],
    ]


@transaction.atomic
def run(listed: list[Purge]) -> int:
    """Apply the listed purges (all or nothing); returns the number of rows touched."""
    return sum(purge.apply() for purge in listed)
