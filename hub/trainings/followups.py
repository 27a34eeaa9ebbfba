"""The follow-up evaluation, 12 to 18 months after a session (fiche action 1: « En différé
à 12 ou 18 mois »): who is due an invitation, and sending it once.

`send_due()` is run daily by the scheduler (`manage.py send_training_followups`,
docs/operations.md). It is idempotent: a registration is claimed (its
`followup_invited_at` set by a conditional UPDATE) before its e-mail leaves, so that two
runs, even at once, never send twice; a failed sending gives the claim back for the next
run. Only attended registrations of sessions that ended 12 to 18 months ago are invited,
and only people who still see the module (`hub.trainings.emails.send` asks
`hub.access` again).
"""

from __future__ import annotations

from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from hub.trainings import emails
from hub.trainings.models import Registration, Status

OPENS_AFTER = relativedelta(months=12)
CLOSES_AFTER = relativedelta(months=18)


def follow_up_open(session, now=None) -> bool:
    """May the « suivi » evaluation of `session` be answered now?"""
    return session.end + OPENS_AFTER <= (now or timezone.now())


def due(now=None):
    now = now or timezone.now()
    return Registration.objects.filter(
        status=Status.ATTENDED,
        followup_invited_at__isnull=True,
        session__end__lte=now - OPENS_AFTER,
        session__end__gt=now - CLOSES_AFTER,
    ).select_related("session__module", "user")


@dataclass
class Report:
    sent: int = 0
    skipped: int = 0


def send_due(now=None) -> Report:
    now = now or timezone.now()
    report = Report()
    for registration in due(now):
        claimed = Registration.objects.filter(
            pk=registration.pk, followup_invited_at__isnull=True
        ).update(followup_invited_at=now)
        if not claimed:
            continue  # another run took it
        if emails.send_followup(registration):
            report.sent += 1
        else:
            Registration.objects.filter(pk=registration.pk).update(followup_invited_at=None)
            report.skipped += 1
    return report
