"""Working groups with their own audience (issue 17).

A working group of a partner space may be reserved to its members: its own Django group,
named by a view restriction on the group's page, *below* the space's restriction (see
`hub.models.spaces.WorkingGroupPage`). These functions are the only way to change it, and
only the space's managers (`hub.access.manages_space`: administrators, the family's
referent, the instance's coordinator) may call them:

- reserve the group to its members, or open it again to the whole space;
- add a member, who must already be able to read the space (the group's audience is a
  subset of the space's, never wider); remove a member.

A person who leaves the space loses the group at the next request with no action here:
the space's restriction still applies above the group's. Every change is journaled in
`AccreditationEvent`.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from hub.accounts.coordination import find_accredited_account
from hub.accounts.rules import AccreditationError, Action, Outcome, _record


def _space_of(group_page):
    space = group_page.space()
    if space is None:
        raise PermissionDenied(_("Ce groupe de travail n'est dans aucun espace."))
    return space


def require_manager(actor, group_page):
    """The space of `group_page`, if `actor` manages it (else PermissionDenied)."""
    from hub.access import manages_space

    space = _space_of(group_page)
    if not manages_space(actor, space):
        raise PermissionDenied(_("Vous ne gérez pas l'espace de ce groupe de travail."))
    return space


def _journal(action, *, actor, subject, space, group_page, detail):
    _record(
        action,
        actor=actor,
        subject=subject,
        family=space.family if space.audience == "family" else None,
        instance=space.instance if space.audience == "instance" else None,
        detail=f"{group_page.title} : {detail}",
    )


def ensure_audience(group_page, space):
    """The group's audience record, with its Django group and its collection (a child of
    the space's), created once."""
    from hub.models.spaces import WorkingGroupAudience

    record = WorkingGroupAudience.objects.filter(page=group_page).first()
    if record is None:
        group = Group.objects.create(
            name=f"Groupe de travail : {group_page.title}"[:130] + f" ({group_page.pk})"
        )
        record = WorkingGroupAudience.objects.create(page=group_page, group=group)
    if record.collection_id is None:
        parent = space.ensure_collection()
        record.collection = parent.add_child(
            name=f"Groupe de travail : {group_page.title}"[:230] + f" ({group_page.pk})"
        )
        record.save(update_fields=["collection"])
    return record


def group_members(group_page):
    record = group_page.audience_record
    if record is None:
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(groups=record.group_id)
        .order_by("last_name", "first_name", "username")
    )


def _documents_under(group_page):
    """The documents chosen in the streams of the pages under the group."""
    from hub.models.spaces import DocumentLibraryPage, MeetingPage

    ids = set()
    for model in (DocumentLibraryPage, MeetingPage):
        for page in model.objects.descendant_of(group_page):
            for block in page.documents:
                document = block.value.get("document")
                if document is not None:
                    ids.add(document.pk)
    return ids


def set_reserved(group_page, *, reserved, actor) -> Outcome:
    """Reserve the group to its members (the actor joins it, so as to keep reading it), or
    open it again to the whole space. On reserving, the documents chosen under the group
    that sit in the space's collection move to the group's own: they follow the group."""
    from wagtail.documents import get_document_model

    from hub.restrictions import resync

    space = require_manager(actor, group_page)
    with transaction.atomic():
        record = ensure_audience(group_page, space)
        if record.restricted == reserved:
            return Outcome(record)
        record.restricted = reserved
        record.save(update_fields=["restricted"])
        if reserved:
            if not actor.is_superuser:
                actor.groups.add(record.group)
            get_document_model().objects.filter(
                pk__in=_documents_under(group_page), collection=space.ensure_collection()
            ).update(collection=record.collection)
        resync(group_page)
        _journal(
            Action.GROUP_RESTRICTED if reserved else Action.GROUP_OPENED,
            actor=actor,
            subject=None,
            space=space,
            group_page=group_page,
            detail=_("réservé à ses membres") if reserved else _("ouvert à tout l'espace"),
        )
    return Outcome(record)


def add_group_member(group_page, *, email, actor) -> Outcome:
    from hub.access import can_view_page

    space = require_manager(actor, group_page)
    user = find_accredited_account(email)
    if not can_view_page(user, space):
        raise AccreditationError(
            _(
                "Cette personne n'a pas accès à l'espace : un groupe de travail ne s'ouvre "
                "qu'aux membres de son espace."
            )
        )
    with transaction.atomic():
        record = ensure_audience(group_page, space)
        if user.groups.filter(pk=record.group_id).exists():
            raise AccreditationError(_("Cette personne est déjà membre du groupe de travail."))
        user.groups.add(record.group)
        _journal(
            Action.GROUP_ADDED,
            actor=actor,
            subject=user,
            space=space,
            group_page=group_page,
            detail=_("membre ajouté"),
        )
    return Outcome(user)


def remove_group_member(group_page, *, user, actor) -> Outcome:
    space = require_manager(actor, group_page)
    record = group_page.audience_record
    if record is None or not user.groups.filter(pk=record.group_id).exists():
        raise PermissionDenied(_("Ce compte n'est pas membre du groupe de travail."))
    with transaction.atomic():
        user.groups.remove(record.group)
        _journal(
            Action.GROUP_REMOVED,
            actor=actor,
            subject=user,
            space=space,
            group_page=group_page,
            detail=_("membre retiré"),
        )
    return Outcome(user)
