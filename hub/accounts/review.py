"""The periodic review of accreditations (`manage.py review_accreditations`): reminders
to referents before expiry, and a record of each expiry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.accounts import emails
from hub.accounts.models import AccountProfile, AccreditationEvent, PartnerFamily
from hub.accounts.rules import EXPIRY_WARNING_DAYS, Action, _record, hub_url, referent_recipients


@dataclass
class ReviewSummary:
    expiring: int = 0
    digests: int = 0
    expired_recorded: int = 0
    memberships_expired: int = 0

    def __str__(self):
        text = _(
            "Revue des accréditations : %(expiring)d compte(s) à échéance sous %(days)d jours "
            "signalé(s) (%(digests)d e-mail(s) aux référents), %(expired)d échéance(s) "
            "dépassée(s) enregistrée(s)."
        ) % {
            "expiring": self.expiring,
            "days": EXPIRY_WARNING_DAYS,
            "digests": self.digests,
            "expired": self.expired_recorded,
        }
        if self.memberships_expired:
            text += " " + _(
                "%(count)d appartenance(s) à une instance échue(s), retirée(s) du groupe."
            ) % {"count": self.memberships_expired}
        return text


def review_accreditations(today=None) -> ReviewSummary:
    """Remind referents of accounts expiring soon (once per expiry date) and record the
    expiries (once per account and date). Running it twice changes nothing more."""
    today = today or timezone.localdate()
    summary = ReviewSummary()
    horizon = today + timedelta(days=EXPIRY_WARNING_DAYS)

    # 1. Accounts expiring within the horizon, not yet announced for this expiry date.
    expiring = list(
        AccountProfile.objects.filter(
            user__is_active=True, expires_on__gte=today, expires_on__lte=horizon
        )
        .exclude(expiry_notice_for=F("expires_on"))
        .select_related("user")
        .order_by("expires_on", "user__username")
    )
    by_family = {}
    families = {family.group_id: family for family in PartnerFamily.objects.all()}
    for profile in expiring:
        group_ids = profile.user.groups.values_list("pk", flat=True)
        for group_id in group_ids:
            if group_id in families:
                by_family.setdefault(group_id, []).append(profile)
    notified = set()
    for group_id, profiles in by_family.items():
        family = families[group_id]
        recipients = referent_recipients(family)
        if not recipients:
            continue
        ok = emails.send(
            "review_digest",
            recipients,
            gettext_lazy("Maillage : accréditations à renouveler (%(family)s)"),
            {
                "family": family,
                "profiles": profiles,
                "days": EXPIRY_WARNING_DAYS,
                "dashboard_url": hub_url(reverse("accounts:referent_dashboard")),
            },
            family=family.name,
        )
        if ok:
            summary.digests += 1
            notified.update(profile.pk for profile in profiles)
    for profile in expiring:
        if profile.pk in notified:
            AccountProfile.objects.filter(pk=profile.pk).update(
                expiry_notice_for=profile.expires_on
            )
    summary.expiring = len(notified)

    # 2. Accounts past expiry: one EXPIRED event per account and expiry date.
    already = AccreditationEvent.objects.filter(
        action=Action.EXPIRED, subject=OuterRef("user"), expires_on=OuterRef("expires_on")
    )
    expired = (
        AccountProfile.objects.filter(user__is_active=True, expires_on__lt=today)
        .exclude(Exists(already))
        .select_related("user")
    )
    for profile in expired:
        family = (
            PartnerFamily.objects.filter(group__user=profile.user).order_by("sort_order").first()
        )
        try:
            with transaction.atomic():
                _record(
                    Action.EXPIRED,
                    subject=profile.user,
                    family=family,
                    expires_on=profile.expires_on,
                    detail=_("Accréditation échue le %(date)s.")
                    % {"date": profile.expires_on.strftime("%d/%m/%Y")},
                )
        except IntegrityError:
            # Recorded by a concurrent run.
            continue
        summary.expired_recorded += 1

    # 3. Instance memberships past their end: the group is removed, the end journaled.
    from hub.accounts.coordination import expire_memberships

    summary.memberships_expired = expire_memberships(today)
    return summary
