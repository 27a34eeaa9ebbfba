"""Registering, cancelling, and the waiting list: each in one transaction that first
locks the session's row, so that two people never take the last place together.

The lock is an UPDATE of the session's `places_version`, then a `select_for_update` read:
on PostgreSQL the UPDATE takes the row lock and a concurrent registration waits until
this one commits, then reads the committed places; on SQLite (which ignores
`select_for_update`) the UPDATE takes the database's write lock at the start of the
transaction, before any count is read, with the same effect. The e-mails leave after the
commit (`transaction.on_commit`): a rolled-back registration sends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from hub.trainings import emails
from hub.trainings.models import HOLDS_A_PLACE, Registration, Status, TrainingSession


@dataclass(frozen=True)
class Outcome:
    registration: Registration
    promoted: Registration | None = None


def _lock(session_pk: int) -> TrainingSession:
    TrainingSession.objects.filter(pk=session_pk).update(places_version=F("places_version") + 1)
    return TrainingSession.objects.select_for_update().select_related("module").get(pk=session_pk)


def _taken(session) -> int:
    return session.registrations.filter(status__in=HOLDS_A_PLACE).count()


def register(user, session_pk: int, organisation: str, role: str) -> Outcome:
    """Register `user` (or put them on the waiting list when the session is full). A
    person already registered or waiting keeps their row; a cancelled one comes back."""
    with transaction.atomic():
        session = _lock(session_pk)
        existing = Registration.objects.filter(session=session, user=user).first()
        if existing is not None and existing.status != Status.CANCELLED:
            return Outcome(existing)
        now = timezone.now()
        status = Status.REGISTERED if _taken(session) < session.capacity else Status.WAITING
        registration = existing or Registration(session=session, user=user)
        registration.organisation = organisation
        registration.role = role
        registration.status = status
        registration.created_at = registration.queued_at = now
        registration.save()
        kind = "confirmed" if status == Status.REGISTERED else "waiting"
        transaction.on_commit(lambda: emails.send_registration(kind, registration))
        return Outcome(registration)


def cancel(registration_pk: int) -> Outcome:
    """Cancel a registration; a freed place goes to the first on the waiting list."""
    with transaction.atomic():
        registration = Registration.objects.select_related("session").get(pk=registration_pk)
        session = _lock(registration.session_id)
        registration.refresh_from_db()
        if registration.status in (Status.CANCELLED, Status.ATTENDED):
            return Outcome(registration)
        freed = registration.status == Status.REGISTERED
        registration.status = Status.CANCELLED
        registration.save(update_fields=["status"])
        promoted = None
        if freed and not session.has_ended and _taken(session) < session.capacity:
            promoted = (
                session.registrations.select_for_update()
                .filter(status=Status.WAITING)
                .order_by("queued_at", "pk")
                .first()
            )
            if promoted is not None:
                promoted.status = Status.REGISTERED
                promoted.save(update_fields=["status"])
                transaction.on_commit(lambda: emails.send_registration("promoted", promoted))
        return Outcome(registration, promoted)


def mark_attendance(session, present_ids) -> int:
    """Registered people of `session` in `present_ids` become present; present people not
    in it go back to registered. Returns the number of rows changed."""
    present_ids = set(present_ids)
    with transaction.atomic():
        _lock(session.pk)
        rows = session.registrations.filter(status__in=HOLDS_A_PLACE)
        up = rows.filter(pk__in=present_ids, status=Status.REGISTERED).update(
            status=Status.ATTENDED
        )
        down = (
            rows.exclude(pk__in=present_ids)
            .filter(status=Status.ATTENDED)
            .update(status=Status.REGISTERED)
        )
    return up + down
