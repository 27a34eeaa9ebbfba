"""Coordination instances' coordinators and members (issue 17).

A coordination instance (directory, floor 2) has a coordinator (`InstanceCoordination`,
here on the hub's floor) who manages its membership, edits its space and moderates it.
Like the referents' rules (`hub.accounts.rules`), every change goes through these
functions, which check who may do it:

- The role is given by an administrator (snippet « Coordinateurs d'instance », then
  `sync_coordination`) or handed over by the current coordinator to another active,
  accredited member of the instance (`hand_over_coordination`).
- A coordinator manages the members of *their* instance only: adding an accredited
  account found by its e-mail, removing it, setting the end of its membership. Nothing
  else: never a family group, never a referent or coordinator role, never an
  accreditation's expiry, never another instance.
- A membership's expiry stops access from the next request (`hub.access._read_person`
  does not count a lapsed membership); the review removes the group and journals it.
- Every action is journaled in `AccreditationEvent`, with the instance.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.accounts.models import InstanceCoordination, InstanceMembership
from hub.accounts.rules import AccreditationError, Action, Outcome, _record, normalise_email


def _username(user):
    return user.get_full_name() or user.get_username() if user else "—"


# --- Who coordinates what ----------------------------------------------------------------------


def coordinations_of(user):
    """The coordinations `user` runs: all for an accredited superuser, else theirs (while
    accredited)."""
    from hub.access import is_accredited

    rows = InstanceCoordination.objects.select_related("instance", "instance__group")
    if not is_accredited(user):
        return rows.none()
    if user.is_superuser:
        return rows.all()
    return rows.filter(coordinator=user)


def is_coordinator(user):
    return coordinations_of(user).exists()


def can_coordinate(user, instance):
    return coordinations_of(user).filter(instance_id=instance.pk).exists()


def _require_coordinator(actor, instance):
    if not can_coordinate(actor, instance):
        raise PermissionDenied(_("Vous ne coordonnez pas cette instance."))


def instance_members(instance):
    """Accounts in the instance's group, with their profile."""
    return (
        get_user_model()
        .objects.filter(groups=instance.group_id)
        .select_related("maillage_profile")
        .order_by("last_name", "first_name", "username")
    )


def _is_member(user, instance):
    return user.groups.filter(pk=instance.group_id).exists()


def _check_expiry(expires_on):
    if expires_on is not None and expires_on < timezone.localdate():
        raise AccreditationError(_("La date de fin d'appartenance ne peut pas être passée."))


# --- The coordinator role ----------------------------------------------------------------------


def _editors_group(coordination):
    """The group that edits the instance's spaces in the Wagtail admin, created once, with
    page permissions on the instance's spaces only, document permissions on their
    collections only, and the spaces' moderation (a workflow approved by this group)."""
    from wagtail.models import (
        GroupApprovalTask,
        GroupCollectionPermission,
        GroupPagePermission,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    from hub.models.spaces import PartnerSpacePage

    instance = coordination.instance
    group = coordination.editors
    if group is None:
        group, _created = Group.objects.get_or_create(name=f"Éditeurs : {instance.name}"[:150])
        coordination.editors = group
        coordination.save(update_fields=["editors"])
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    page_perms = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=["add_page", "change_page"]
    )
    document_perms = Permission.objects.filter(
        content_type__app_label="wagtaildocs",
        codename__in=["add_document", "change_document", "choose_document"],
    )
    task, _created = GroupApprovalTask.objects.get_or_create(
        name=f"Validation par la coordination : {instance.name}"[:255]
    )
    if list(task.groups.all()) != [group]:
        task.groups.set([group])
    workflow, _created = Workflow.objects.get_or_create(name=f"Espace {instance.name}"[:255])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for space in PartnerSpacePage.objects.filter(instance=instance, audience="instance"):
        for permission in page_perms:
            GroupPagePermission.objects.get_or_create(
                group=group, page=space, permission=permission
            )
        for permission in document_perms:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=space.ensure_collection(), permission=permission
            )
        WorkflowPage.objects.update_or_create(page=space, defaults={"workflow": workflow})
    return group


def validate_coordinator(user):
    """The French reason why `user` cannot coordinate, or None."""
    from hub.access import is_accredited

    if user is None:
        return None
    if not user.is_active or not is_accredited(user):
        return _("Le coordinateur doit avoir un compte actif et accrédité.")
    return None


def sync_coordination(coordination, *, actor) -> Outcome:
    """Bring the groups in step with the coordinator named on `coordination` (after an
    administrator's edit): the coordinator alone in the editors group, and a member of the
    instance. Journals a change of coordinator; does nothing more when nothing changed."""
    if actor is None or not (actor.is_active and actor.is_superuser):
        raise PermissionDenied(_("Seule l'équipe d'administration désigne un coordinateur."))
    reason = validate_coordinator(coordination.coordinator)
    if reason:
        raise AccreditationError(reason)
    with transaction.atomic():
        editors = _editors_group(coordination)
        coordinator = coordination.coordinator
        wanted = {coordinator.pk} if coordinator else set()
        current = set(editors.user_set.values_list("pk", flat=True))
        if current == wanted:
            return Outcome(coordination)
        editors.user_set.set(list(wanted))
        if coordinator is not None:
            coordinator.groups.add(coordination.instance.group)
        InstanceCoordination.objects.filter(pk=coordination.pk).update(
            since=timezone.localdate() if coordinator else None
        )
        _record(
            Action.COORDINATOR_SET,
            actor=actor,
            subject=coordinator,
            instance=coordination.instance,
            detail=_("Coordinateur : %(name)s") % {"name": _username(coordinator)},
        )
    return Outcome(coordination)


def grant_coordination(instance, *, coordinator, actor) -> Outcome:
    """An administrator names the coordinator of `instance` (also used by the demo)."""
    coordination, _created = InstanceCoordination.objects.get_or_create(instance=instance)
    coordination.coordinator = coordinator
    if validate_coordinator(coordinator):
        raise AccreditationError(validate_coordinator(coordinator))
    coordination.save(update_fields=["coordinator"])
    return sync_coordination(coordination, actor=actor)


def handover_candidates(coordination):
    """Active, accredited, current members of the instance, but the coordinator."""
    from hub.access import audience_for

    members = instance_members(coordination.instance).filter(is_active=True)
    if coordination.coordinator_id:
        members = members.exclude(pk=coordination.coordinator_id)
    return [
        member
        for member in members
        if coordination.instance.group_id in audience_for(member).group_ids
    ]


def hand_over_coordination(coordination, *, new_coordinator, actor) -> Outcome:
    _require_coordinator(actor, coordination.instance)
    if new_coordinator.pk not in {member.pk for member in handover_candidates(coordination)}:
        raise AccreditationError(
            _("Choisissez un membre actif de l'instance, autre que le coordinateur actuel.")
        )
    with transaction.atomic():
        locked = InstanceCoordination.objects.select_for_update().get(pk=coordination.pk)
        previous = locked.coordinator
        locked.coordinator = new_coordinator
        locked.since = timezone.localdate()
        locked.save(update_fields=["coordinator", "since"])
        _editors_group(locked).user_set.set([new_coordinator])
        _record(
            Action.COORDINATOR_HANDOVER,
            actor=actor,
            subject=new_coordinator,
            instance=locked.instance,
            detail=_("Ancien coordinateur : %(old)s ; nouveau coordinateur : %(new)s")
            % {"old": _username(previous), "new": _username(new_coordinator)},
        )
    coordination.refresh_from_db()
    return Outcome(locked)


# --- Members ------------------------------------------------------------------------------------


def find_accredited_account(email):
    """The active, accredited account using `email`, or a French error."""
    from hub.access import is_accredited

    email = normalise_email(email)
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if user is None or not is_accredited(user) or not email:
        raise AccreditationError(
            _(
                "Aucun compte partenaire accrédité n'utilise cette adresse. La personne doit "
                "d'abord être accréditée par le référent de sa famille de partenaires."
            )
        )
    return user


def add_member(instance, *, email, expires_on=None, actor) -> Outcome:
    """Add the accredited account using `email` to `instance`, until `expires_on`."""
    _require_coordinator(actor, instance)
    _check_expiry(expires_on)
    user = find_accredited_account(email)
    if _is_member(user, instance):
        raise AccreditationError(_("Cette personne est déjà membre de l'instance."))
    with transaction.atomic():
        user.groups.add(instance.group)
        InstanceMembership.objects.update_or_create(
            instance=instance, user=user, defaults={"added_by": actor, "expires_on": expires_on}
        )
        _record(
            Action.INSTANCE_ADDED,
            actor=actor,
            subject=user,
            instance=instance,
            expires_on=expires_on,
            detail=_("Ajouté à l'instance %(instance)s.") % {"instance": instance.name},
        )
    return Outcome(user)


def _require_instance_member(user, instance):
    if not _is_member(user, instance):
        raise PermissionDenied(_("Ce compte n'est pas membre de cette instance."))


def remove_member(instance, *, user, actor) -> Outcome:
    """Remove `user` from the instance (the account itself is left as it is: its families
    are not the coordinator's to change)."""
    _require_coordinator(actor, instance)
    _require_instance_member(user, instance)
    if InstanceCoordination.objects.filter(instance=instance, coordinator=user).exists():
        raise AccreditationError(
            _("Le coordinateur ne peut pas être retiré : transmettez d'abord le rôle.")
        )
    with transaction.atomic():
        user.groups.remove(instance.group)
        InstanceMembership.objects.filter(instance=instance, user=user).delete()
        _record(
            Action.INSTANCE_REMOVED,
            actor=actor,
            subject=user,
            instance=instance,
            detail=_("Retiré de l'instance %(instance)s.") % {"instance": instance.name},
        )
    return Outcome(user)


def set_membership_expiry(instance, *, user, expires_on, actor) -> Outcome:
    """The end of `user`'s membership of `instance` (None: no end). It never touches the
    account's accreditation, which only the family's referent renews."""
    _require_coordinator(actor, instance)
    _require_instance_member(user, instance)
    _check_expiry(expires_on)
    with transaction.atomic():
        membership, _created = InstanceMembership.objects.select_for_update().get_or_create(
            instance=instance, user=user, defaults={"added_by": actor}
        )
        previous = membership.expires_on
        membership.expires_on = expires_on
        membership.save(update_fields=["expires_on"])
        _record(
            Action.INSTANCE_EXPIRY,
            actor=actor,
            subject=user,
            instance=instance,
            expires_on=expires_on,
            detail=_("Échéance précédente : %(date)s")
            % {"date": previous.strftime("%d/%m/%Y") if previous else "—"},
        )
    return Outcome(membership)


def expire_memberships(today=None) -> int:
    """Remove the groups of memberships past their expiry, and journal each (the review
    runs it daily; access already stopped at the expiry, see `hub.access`)."""
    today = today or timezone.localdate()
    count = 0
    lapsed = InstanceMembership.objects.filter(expires_on__lt=today).select_related(
        "instance", "user"
    )
    for membership in lapsed:
        with transaction.atomic():
            membership.user.groups.remove(membership.instance.group)
            _record(
                Action.INSTANCE_EXPIRED,
                subject=membership.user,
                instance=membership.instance,
                expires_on=membership.expires_on,
                detail=_("Appartenance à l'instance %(instance)s échue le %(date)s.")
                % {
                    "instance": membership.instance.name,
                    "date": membership.expires_on.strftime("%d/%m/%Y"),
                },
            )
            membership.delete()
        count += 1
    return count
