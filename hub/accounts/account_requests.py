"""Accreditation requests: submitting one, approving it (which opens or reopens an
account), refusing it."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.accounts import emails
from hub.accounts.identifiers import find_identifiers
from hub.accounts.models import AccountProfile, AccreditationRequest, PartnerFamily
from hub.accounts.rules import (
    AccreditationError,
    Action,
    AlreadyDecided,
    Outcome,
    Status,
    _record,
    _require_manager,
    accreditation_days,
    hub_url,
    normalise_email,
    referent_recipients,
)
from hub.security.otp import reset_second_factor


def email_problem(email):
    """Why a request for `email` cannot be made (French), or None."""
    User = get_user_model()
    email = normalise_email(email)
    if AccreditationRequest.objects.filter(email__iexact=email, status=Status.PENDING).exists():
        return _(
            "Une demande est déjà en attente pour cette adresse. Le référent de votre famille "
            "de partenaires vous répondra par e-mail."
        )
    if User.objects.filter(email__iexact=email, is_active=True).exists():
        return _(
            "Un compte existe déjà pour cette adresse : connectez-vous. Si votre accréditation "
            "a expiré, demandez son renouvellement au référent de votre famille de partenaires."
        )
    return None


def _tell_the_address(email, problem) -> Outcome:
    """The page answers as for any request (it must not tell a stranger whether an account
    or a request exists for an address); the address's owner reads why by e-mail."""
    sent = emails.send(
        "request_address_in_use",
        [email],
        gettext_lazy("Maillage : votre demande de compte"),
        {
            "problem": problem,
            "login_url": hub_url(reverse("accounts:login")),
        },
    )
    return Outcome(None, sent, notes=[problem])


def submit_request(
    *, first_name, last_name, email, organisation, job_role, family, motivation=""
) -> Outcome:
    """Record a pending request and tell the family's referent. No account is created.

    For an address that already has an active account or a pending request, nothing is
    recorded and the address itself is told, by e-mail (`Outcome.value` is None)."""
    email = normalise_email(email)
    problems = find_identifiers(motivation)
    if problems:
        raise AccreditationError(problems[0])
    problem = email_problem(email)
    if problem:
        return _tell_the_address(email, problem)
    try:
        with transaction.atomic():
            request = AccreditationRequest.objects.create(
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                email=email,
                organisation=organisation.strip(),
                job_role=job_role.strip(),
                family=family,
                motivation=(motivation or "").strip(),
            )
            _record(Action.REQUESTED, family=family, request=request)
    except IntegrityError:
        # Another request for the same address was recorded at the same moment.
        return _tell_the_address(email, email_problem(email) or _("Demande déjà reçue."))
    sent = emails.send(
        "request_received",
        referent_recipients(family),
        gettext_lazy("Maillage : nouvelle demande de compte (%(family)s)"),
        {
            "request": request,
            "family": family,
            "decide_url": hub_url(reverse("accounts:decide", args=[request.pk])),
            "dashboard_url": hub_url(reverse("accounts:referent_dashboard")),
        },
        family=family.name,
    )
    return Outcome(request, sent)


def _unique_username(email):
    """The e-mail address itself (what the person remembers), made unique."""
    User = get_user_model()
    allowed = re.sub(r"[^\w.@+\-]", "", email.lower())[:140] or "partenaire"
    candidate, number = allowed, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{allowed}-{number}"
    return candidate


def password_set_url(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return hub_url(reverse("accounts:password_set", args=[uid, token]))


def _clear_former_roles(user) -> list[str]:
    """A reopened account starts afresh: whatever it was given in its former life goes,
    so the referent role of another family (its dashboard, its exports), and its old
    second-factor devices (the address may now be someone else's). Returns French notes
    for the journal."""
    notes = []
    former = list(PartnerFamily.objects.filter(referent=user).order_by("sort_order"))
    if former:
        PartnerFamily.objects.filter(pk__in=[f.pk for f in former]).update(referent=None)
        notes.append(
            _("Compte rouvert : rôle de référent retiré (%(families)s).")
            % {"families": ", ".join(_(f.name) for f in former)}
        )
    if reset_second_factor(user):
        notes.append(_("Anciens moyens de double authentification supprimés."))
    return notes


def approve_request(accreditation_request, *, actor) -> Outcome:
    """Create (or reopen) the account, in the family's group only, for a year."""
    User = get_user_model()
    family = accreditation_request.family
    _require_manager(actor, family)
    today = timezone.localdate()
    expires_on = today + timedelta(days=accreditation_days())
    with transaction.atomic():
        locked = AccreditationRequest.objects.select_for_update().get(pk=accreditation_request.pk)
        if not locked.is_pending:
            raise AlreadyDecided(_("Cette demande a déjà été traitée."))
        email = normalise_email(locked.email)
        existing = User.objects.filter(email__iexact=email).order_by("pk")
        if existing.filter(is_active=True).exists():
            raise AccreditationError(
                _(
                    "Un compte actif existe déjà pour cette adresse : renouvelez-le depuis la "
                    "liste des membres plutôt que d'accepter la demande."
                )
            )
        user = existing.first()
        if user is not None and (user.is_staff or user.is_superuser):
            raise AccreditationError(
                _(
                    "Cette adresse est celle d'un compte d'administration désactivé : "
                    "seul un administrateur peut le rouvrir."
                )
            )
        if user is None:
            user = User(username=_unique_username(email), email=email)
        # The rule of the hub: a partner account, never staff nor superuser.
        user.first_name = locked.first_name[:150]
        user.last_name = locked.last_name[:150]
        user.is_active = True
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save()
        # Exactly one group: the family's (a reopened account loses its old groups).
        user.groups.set([family.group])
        user.user_permissions.clear()
        notes = _clear_former_roles(user) if user.pk else []
        AccountProfile.objects.update_or_create(
            user=user,
            defaults={
                "organisation": locked.organisation,
                "job_role": locked.job_role,
                "expires_on": expires_on,
                "last_reviewed_on": today,
                "expiry_notice_for": None,
            },
        )
        locked.status = Status.APPROVED
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.account = user
        locked.save(update_fields=["status", "decided_at", "decided_by", "account"])
        _record(
            Action.APPROVED,
            actor=actor,
            subject=user,
            family=family,
            request=locked,
            expires_on=expires_on,
            detail=" ".join(notes),
        )
    sent = emails.send(
        "request_approved",
        [email],
        gettext_lazy("Maillage : votre compte partenaire est ouvert"),
        {
            "request": locked,
            "user": user,
            "family": family,
            "expires_on": expires_on,
            "password_url": password_set_url(user),
            "link_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
            "login_url": hub_url(reverse("accounts:login")),
        },
    )
    accreditation_request.refresh_from_db()
    return Outcome(user, sent)


def refuse_request(accreditation_request, *, actor, reason) -> Outcome:
    family = accreditation_request.family
    _require_manager(actor, family)
    reason = (reason or "").strip()
    if not reason:
        raise AccreditationError(_("Indiquez le motif du refus : il sera envoyé au demandeur."))
    problems = find_identifiers(reason)
    if problems:
        raise AccreditationError(problems[0])
    with transaction.atomic():
        locked = AccreditationRequest.objects.select_for_update().get(pk=accreditation_request.pk)
        if not locked.is_pending:
            raise AlreadyDecided(_("Cette demande a déjà été traitée."))
        locked.status = Status.REFUSED
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.reason = reason
        locked.save(update_fields=["status", "decided_at", "decided_by", "reason"])
        _record(Action.REFUSED, actor=actor, family=family, request=locked, detail=reason)
    sent = emails.send(
        "request_refused",
        [locked.email],
        gettext_lazy("Maillage : votre demande de compte"),
        {
            "request": locked,
            "family": family,
            "reason": reason,
            "request_url": hub_url(reverse("accounts:request")),
        },
    )
    accreditation_request.refresh_from_db()
    return Outcome(locked, sent)
