"""Freshness of directory entries: "vérifié le …", and flagged once it is too old.

A partner who calls a CMP from the directory must know how old the number is. Every entry
carries `verified_on` (`directory.models.base.VerifiedMixin`); an entry never verified, or
verified longer ago than the threshold, is *stale*: its page says « À vérifier » and
`manage.py remind_stale_entries` asks its owner to check it.

Setting:

- `MAILLAGE_FRESHNESS_DAYS` (default 183, about six months, as the Lyon convention's
  "mise à jour semestrielle"): after how many days without a verification an entry is
  stale. Read on each call, so tests may override it.

The public side shows the date only, never who verified: `verified_by` is an account, a
person's name, and stays in the admin. Every channel shows it through one include
(`templates/directory/includes/freshness.html`, the `{% freshness %}` tag). A contact has
its own date and never borrows its structure's: contacts are checked and reminded apart,
so a structure verified last week says nothing about its direct line.

Who owns an entry (who is asked to verify it), first match wins:

1. the account that verified it last (`verified_by`), while active and with an e-mail;
2. else the referent of the entry's partner family (`partner_family_of`);
3. else the active superusers.

At each step the person must be allowed to see the entry (`hub.access.can_view_object`):
an e-mail is a channel, and a restricted entry's name never reaches someone outside its tier.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from directory.models import (
    Contact,
    CoordinationInstance,
    Organisation,
    PsychiatricSector,
    Service,
)
from hub.access import can_view_object

DEFAULT_FRESHNESS_DAYS = 183

#: The entries that carry a verification date, with the path to their partner family
#: (select_related paths, so that finding owners costs no query per entry).
FAMILY_PATHS = {
    Organisation: "partner_family",
    Service: "organisation__partner_family",
    Contact: "organisation__partner_family",
    CoordinationInstance: "lead_organisation__partner_family",
    PsychiatricSector: "hospital__partner_family",
}
VERIFIED_MODELS = tuple(FAMILY_PATHS)


def freshness_days() -> int:
    return int(getattr(settings, "MAILLAGE_FRESHNESS_DAYS", DEFAULT_FRESHNESS_DAYS))


@dataclass(frozen=True)
class Freshness:
    """How fresh one entry is, as of `today`. No account, no name: just the date."""

    verified_on: date | None
    is_stale: bool
    days_since: int | None  # None when never verified
    threshold_days: int

    @property
    def threshold_months(self) -> int:
        """The threshold in whole months, for people ("plus de 6 mois")."""
        return max(1, round(self.threshold_days / 30.44))


def freshness(entry, today: date | None = None) -> Freshness:
    today = today or timezone.localdate()
    threshold = freshness_days()
    verified_on = entry.verified_on
    if verified_on is None:
        return Freshness(None, True, None, threshold)
    days_since = (today - verified_on).days
    return Freshness(verified_on, days_since > threshold, days_since, threshold)


def stale_filter(today: date | None = None) -> Q:
    """The stale rows of any `VerifiedMixin` model: the same rule as `freshness`."""
    today = today or timezone.localdate()
    limit = today - timedelta(days=freshness_days())
    return Q(verified_on__isnull=True) | Q(verified_on__lt=limit)


def stale_entries(today: date | None = None) -> Iterator:
    """Every stale structure, service, instance, sector and contact: one query per model,
    with what `entry_owners` needs already joined."""
    condition = stale_filter(today)
    for model, family_path in FAMILY_PATHS.items():
        yield from (
            model.objects.filter(condition)
            .select_related("verified_by", f"{family_path}__referent")
            .order_by("pk")
        )


def partner_family_of(entry):
    """The partner family an entry belongs to, or None.

    A structure names its family; a service or a contact takes its structure's; an instance
    its lead organisation's; a sector its hospital's."""
    holder = entry
    for step in FAMILY_PATHS[type(entry)].split("__")[:-1]:
        holder = getattr(holder, step, None)
        if holder is None:
            return None
    return holder.partner_family


def _can_receive(user, entry) -> bool:
    return bool(user and user.is_active and user.email and can_view_object(user, entry))


def active_superusers():
    return (
        get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(email="")
    ).order_by("pk")


def entry_owners(entry, superusers=None) -> list:
    """Who is asked to verify `entry` (see the module's docstring): a list of accounts."""
    if _can_receive(entry.verified_by, entry):
        return [entry.verified_by]
    family = partner_family_of(entry)
    if family is not None and _can_receive(family.referent, entry):
        return [family.referent]
    candidates = active_superusers() if superusers is None else superusers
    return [user for user in candidates if _can_receive(user, entry)]
