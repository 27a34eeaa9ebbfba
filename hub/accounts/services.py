"""The business rules of accreditation, kept out of the views.

Everything that creates an account, changes its groups or its expiry, or changes a
family's referent goes through here, and checks here who may do it. Views and forms only
collect input: even a tampered form cannot make a referent grant more than one family's
group.

The rules:

- A request holds a professional identity; its motivation must not carry identifiers of a
  tenant or a patient (`find_identifiers`).
- One pending request per e-mail address; no request for an address that already has an
  active account.
- Only the family's referent (or a superuser) decides a request, renews or revokes a
  member, or hands the referent role over.
- An approved account is never staff, never superuser, and belongs to exactly one group:
  its family's. Its password is unusable until the person sets one through the e-mailed
  link.
- A request is decided once.
- A refusal states its reason, which the requester receives.
- Revoking removes the family's group; an account left without any family or instance
  group is deactivated (never an administrator's, nor a referent's). A referent cannot
  revoke themselves.
- The referent role goes only to another active, accredited member of the same family.
- Every decision is recorded in `AccreditationEvent`; e-mails leave once the database
  change is done (an e-mail failure never undoes a decision).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.accounts import emails
from hub.accounts.models import (
    AccountProfile,
    AccreditationEvent,
    AccreditationRequest,
    PartnerFamily,
)

logger = logging.getLogger(__name__)

Action = AccreditationEvent.Action
Status = AccreditationRequest.Status

#: How many days before expiry an account is flagged and its referent reminded.
EXPIRY_WARNING_DAYS = 30


class AccreditationError(Exception):
    """A rule refused the operation; the message is for the person (French)."""


class DuplicateRequest(AccreditationError):
    pass


class AlreadyDecided(AccreditationError):
    pass


# --- Small helpers -----------------------------------------------------------------------------


def accreditation_days():
    return int(getattr(settings, "MAILLAGE_ACCREDITATION_DAYS", 365))


def hub_url(path=""):
    """An absolute address on the hub, for e-mails (no request at hand)."""
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    return base.rstrip("/") + path


def normalise_email(email):
    return (email or "").strip().lower()


def family_members(family):
    """Accounts in the family's group, with their profile."""
    User = get_user_model()
    return (
        User.objects.filter(groups=family.group_id)
        .select_related("maillage_profile")
        .order_by("last_name", "first_name", "username")
    )


def families_referred_by(user):
    """The families `user` manages: all for an accredited superuser, else theirs."""
    from hub.access import is_accredited

    if not is_accredited(user):
        return PartnerFamily.objects.none()
    if user.is_superuser:
        return PartnerFamily.objects.all()
    return PartnerFamily.objects.filter(referent=user)


def is_referent(user):
    return families_referred_by(user).exists()


def can_manage(user, family):
    return families_referred_by(user).filter(pk=family.pk).exists()


def _require_manager(actor, family):
    if not can_manage(actor, family):
        raise PermissionDenied(_("Vous n'êtes pas référent de cette famille de partenaires."))


def _record(action, *, actor=None, subject=None, family=None, request=None, detail="", **extra):
    return AccreditationEvent.objects.create(
        action=action,
        actor=actor,
        subject=subject,
        family=family,
        request=request,
        detail=detail,
        **extra,
    )


def referent_recipients(family):
    """Who hears about a family's accounts: its referent, or else the superusers."""
    User = get_user_model()
    referent = family.referent
    if referent is not None and referent.is_active and referent.email:
        return [referent.email]
    return list(
        User.objects.filter(is_superuser=True, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )


# --- Identifiers in free text --------------------------------------------------------------

_SEP = r"[\s.\-]?"
# A French social-security number (NIR): sex, year, month, department (2A/2B for
# Corsica), commune, order number, and an optional key: 13 or 15 characters.
_NIR = re.compile(
    rf"(?<![\dA-Za-z])[12]{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}(?:\d{{2}}|2[ABab]){_SEP}"
    rf"\d{{3}}{_SEP}\d{{3}}(?:{_SEP}\d{{2}})?(?![\dA-Za-z])"
)
# Any run of 13 to 15 digits starting with 1 or 2, however they are grouped.
_LONG_NUMBER = re.compile(r"(?<!\d)[12](?:[\s.\-]?\d){12,14}(?!\d)")
_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre"
)
_DATE = rf"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}|\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\s+\d{{4}})"
# A date of birth: a date after "né(e) le/en", "naissance", "DDN"..., or a birth year.
# "ne" alone is not enough: "le numéro ne répond plus depuis 2024" is no birth date.
_BIRTH = re.compile(
    rf"(?:\bn[ée]e?s?\s+(?:le|en)\b|\bnée?s?\b|\bnaissance\b|\bddn\b)[^.\n]{{0,30}}?"
    rf"(?:{_DATE}|\b(?:19|20)\d{{2}}\b)",
    re.IGNORECASE,
)
# A SIRET (14 digits whose Luhn sum is right) is a structure's number, not a person's: it
# is set aside before the social-security check, which would otherwise take a hospital's
# SIRET ("26…", 14 digits) for one. A NIR has 13 or 15 digits, never 14.
_FOURTEEN_DIGITS = re.compile(r"(?<!\d)\d(?:[ .]?\d){13}(?!\d)")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _without_sirets(text: str) -> str:
    def mask(match):
        digits = re.sub(r"\D", "", match.group())
        return "[siret]" if _luhn_ok(digits) else match.group()

    return _FOURTEEN_DIGITS.sub(mask, text)


def has_social_security_number(text: str) -> bool:
    """A French social-security number (NIR) in any grouping, SIRETs set aside."""
    text = _without_sirets(text or "")
    return bool(_NIR.search(text) or _LONG_NUMBER.search(text))


def find_identifiers(text):
    """What in `text` looks like an identifier of a person: a list of French messages."""
    text = text or ""
    problems = []
    if has_social_security_number(text):
        problems.append(
            _(
                "Le texte semble contenir un numéro de sécurité sociale. Retirez-le : "
                "n'écrivez aucune information sur un locataire ou un patient."
            )
        )
    if _BIRTH.search(text):
        problems.append(
            _(
                "Le texte semble contenir une date de naissance. Retirez-la : n'écrivez "
                "aucune information sur un locataire ou un patient."
            )
        )
    return problems


# --- Requests -----------------------------------------------------------------------------------


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


@dataclass
class Outcome:
    """What a service did, and whether its e-mails left."""

    value: object = None
    emails_sent: bool = True
    notes: list = field(default_factory=list)


def submit_request(
    *, first_name, last_name, email, organisation, job_role, family, motivation=""
) -> Outcome:
    """Record a pending request and tell the family's referent. No account is created."""
    email = normalise_email(email)
    problems = find_identifiers(motivation)
    if problems:
        raise AccreditationError(problems[0])
    problem = email_problem(email)
    if problem:
        raise DuplicateRequest(problem)
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
        raise DuplicateRequest(email_problem(email) or _("Demande déjà reçue.")) from None
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


# --- Members ------------------------------------------------------------------------------------


def _require_member(user, family):
    if not user.groups.filter(pk=family.group_id).exists():
        raise PermissionDenied(_("Ce compte n'est pas membre de cette famille de partenaires."))


def renew_accreditation(user, *, family, actor) -> Outcome:
    """Another `MAILLAGE_ACCREDITATION_DAYS` from today, after the referent's review."""
    _require_manager(actor, family)
    _require_member(user, family)
    today = timezone.localdate()
    expires_on = today + timedelta(days=accreditation_days())
    with transaction.atomic():
        profile, _created = AccountProfile.objects.select_for_update().get_or_create(
            user=user, defaults={"organisation": "", "job_role": ""}
        )
        previous = profile.expires_on
        profile.expires_on = expires_on
        profile.last_reviewed_on = today
        profile.expiry_notice_for = None
        profile.save(update_fields=["expires_on", "last_reviewed_on", "expiry_notice_for"])
        _record(
            Action.RENEWED,
            actor=actor,
            subject=user,
            family=family,
            expires_on=expires_on,
            detail=_("Échéance précédente : %(date)s")
            % {"date": previous.strftime("%d/%m/%Y") if previous else "—"},
        )
    return Outcome(profile)


def _family_or_instance_groups(user):
    return Group.objects.filter(user=user).filter(
        Q(partner_family__isnull=False) | Q(coordination_instance__isnull=False)
    )


def revoke_membership(user, *, family, actor) -> Outcome:
    """Remove `user` from the family; deactivate the account if nothing else is left."""
    _require_manager(actor, family)
    _require_member(user, family)
    if user.pk == actor.pk:
        raise AccreditationError(
            _("Vous ne pouvez pas retirer votre propre accès : transmettez d'abord le rôle.")
        )
    with transaction.atomic():
        user.groups.remove(family.group)
        deactivated = False
        keeps_something = (
            _family_or_instance_groups(user).exists()
            or user.is_staff
            or user.is_superuser
            or PartnerFamily.objects.filter(referent=user).exists()
        )
        if not keeps_something:
            user.is_active = False
            user.save(update_fields=["is_active"])
            deactivated = True
        _record(
            Action.REVOKED,
            actor=actor,
            subject=user,
            family=family,
            detail=_("Compte désactivé.") if deactivated else _("Retiré de la famille."),
        )
    return Outcome(deactivated)


def handover_candidates(family):
    """Who may become the family's referent: its active, accredited members but the
    current referent."""
    from hub.access import is_accredited

    members = family_members(family).filter(is_active=True)
    if family.referent_id:
        members = members.exclude(pk=family.referent_id)
    return [member for member in members if is_accredited(member)]


def hand_over(family, *, new_referent, actor) -> Outcome:
    _require_manager(actor, family)
    if new_referent.pk not in {member.pk for member in handover_candidates(family)}:
        raise AccreditationError(
            _("Choisissez un membre actif de la famille, autre que le référent actuel.")
        )
    with transaction.atomic():
        locked = PartnerFamily.objects.select_for_update().get(pk=family.pk)
        previous = locked.referent
        locked.referent = new_referent
        locked.save(update_fields=["referent"])
        _record(
            Action.HANDOVER,
            actor=actor,
            subject=new_referent,
            family=locked,
            detail=_("Ancien référent : %(old)s ; nouveau référent : %(new)s")
            % {
                "old": previous.get_username() if previous else "—",
                "new": new_referent.get_username(),
            },
        )
    family.refresh_from_db()
    context = {
        "family": locked,
        "previous": previous,
        "new_referent": new_referent,
        "dashboard_url": hub_url(reverse("accounts:referent_dashboard")),
    }
    sent = emails.send(
        "handover_new",
        [new_referent.email],
        gettext_lazy("Maillage : vous êtes référent de la famille %(family)s"),
        context,
        family=locked.name,
    )
    if previous is not None and previous.email and previous.pk != new_referent.pk:
        sent = (
            emails.send(
                "handover_previous",
                [previous.email],
                gettext_lazy("Maillage : rôle de référent transmis (%(family)s)"),
                context,
                family=locked.name,
            )
            and sent
        )
    return Outcome(locked, sent)


# --- Periodic review ----------------------------------------------------------------------------


@dataclass
class ReviewSummary:
    expiring: int = 0
    digests: int = 0
    expired_recorded: int = 0

    def __str__(self):
        return _(
            "Revue des accréditations : %(expiring)d compte(s) à échéance sous %(days)d jours "
            "signalé(s) (%(digests)d e-mail(s) aux référents), %(expired)d échéance(s) "
            "dépassée(s) enregistrée(s)."
        ) % {
            "expiring": self.expiring,
            "days": EXPIRY_WARNING_DAYS,
            "digests": self.digests,
            "expired": self.expired_recorded,
        }


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
    return summary
