"""The business rules of accreditation, kept out of the views: their shared ground (errors,
outcomes, who manages which family). `hub.accounts.services` imports them all.

Everything that creates an account, changes its groups or its expiry, or changes a
family's referent goes through these modules, and checks there who may do it. Views and forms only
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

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from hub.accounts.models import AccreditationEvent, AccreditationRequest, PartnerFamily

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


@dataclass
class Outcome:
    """What a service did, and whether its e-mails left."""

    value: object = None
    emails_sent: bool = True
    notes: list = field(default_factory=list)


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
