"""A family's members: renewing an accreditation, revoking a membership, handing the
referent role over."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.accounts import emails
from hub.accounts.models import AccountProfile, PartnerFamily
from hub.accounts.rules import (
    AccreditationError,
    Action,
    Outcome,
    _record,
    _require_manager,
    accreditation_days,
    family_members,
    hub_url,
)


def _require_member(user, family):
    if not user.groups.filter(pk=family.group_id).exists():
        raise PermissionDenied(_("Ce compte n'est pas membre de cette famille de partenaires."))


def renew_accreditation(user, *, family, actor) -> Outcome:
    """Another `MAILLAGE_ACCREDITATION_DAYS` from today, after the referent's review."""
    _require_manager(actor, family)
    _require_member(user, family)
    if user.pk == actor.pk:
        # A review of oneself is no review: a referent would keep their access for ever.
        raise AccreditationError(
            _(
                "Vous ne pouvez pas renouveler votre propre accréditation : demandez-le à "
                "l'équipe d'administration du hub."
            )
        )
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
