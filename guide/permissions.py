"""Who writes the guide, and who approves it.

- Each chapter belongs to one partner family (`owner_family`). The family's guide editors
  (a group « Rédacteurs guide : <famille> », where the demo puts the family's referent)
  get Wagtail's `change_page` permission on that chapter only, and nothing that publishes.
- A `before_edit_page` hook (and its siblings for delete, move, unpublish, copy) refuses
  anybody else, administrators aside, with a French message: the Wagtail permission and
  the hook must both agree.
- Every change goes through the workflow « Validation du guide », assigned to the guide's
  index: one `GroupApprovalTask` for the group « Comité de suivi » (the follow-up committee
  of the Lyon convention, fiche action 2). Only its approval publishes: the committee
  holds `publish_page` on the guide (Wagtail publishes an approved revision as its
  approver), the families' editors never do.
"""

from django.contrib.auth.models import Group, Permission

COMMITTEE_GROUP = "Comité de suivi"
WORKFLOW_NAME = "Validation du guide"
TASK_NAME = "Approbation par le comité de suivi"
EDITOR_PREFIX = "Rédacteurs guide : "


def editor_group_name(family):
    return f"{EDITOR_PREFIX}{family.name}"[:150]


def editor_group(family, create=False):
    name = editor_group_name(family)
    if create:
        group, _ = Group.objects.get_or_create(name=name)
        _grant_admin_access(group)
        return group
    return Group.objects.filter(name=name).first()


def committee_group(create=False):
    if create:
        group, _ = Group.objects.get_or_create(name=COMMITTEE_GROUP)
        _grant_admin_access(group)
        return group
    return Group.objects.filter(name=COMMITTEE_GROUP).first()


def _grant_admin_access(group):
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    if not group.permissions.filter(pk=access_admin.pk).exists():
        group.permissions.add(access_admin)


def is_committee_member(user):
    return bool(
        getattr(user, "is_authenticated", False)
        and user.groups.filter(name=COMMITTEE_GROUP).exists()
    )


def can_edit_guide_page(user, page):
    """May `user` edit this guide page in the admin? Plain words on each branch."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        # Nobody edits anonymously.
        return False
    if user.is_superuser:
        # Administrators run the hub.
        return True
    family = getattr(page, "owner_family", None)
    if family is None:
        # A page without an owning family (the index, the parts) is the administrators'.
        return False
    if family.referent_id == user.pk:
        # The family's referent writes the family's chapters.
        return True
    group = editor_group(family)
    if group is not None and user.groups.filter(pk=group.pk).exists():
        # So do the family's guide editors.
        return True
    if page.workflow_in_progress and is_committee_member(user):
        # The committee may open a chapter it is reviewing ("approve with changes").
        return True
    # Anybody else, including referents of other families: no.
    return False


def sync_chapter_permissions(page):
    """Leave `change_page` on the chapter to its owning family's editors, and only them."""
    from wagtail.models import GroupPagePermission

    change_page = Permission.objects.get(
        content_type__app_label="wagtailcore", codename="change_page"
    )
    owner = editor_group(page.owner_family, create=True) if page.owner_family_id else None
    stale = GroupPagePermission.objects.filter(
        page=page, group__name__startswith=EDITOR_PREFIX
    ).exclude(group=owner, permission=change_page)
    if stale.exists():
        stale.delete()
    if owner is not None:
        GroupPagePermission.objects.get_or_create(group=owner, page=page, permission=change_page)


def ensure_workflow(index):
    """The workflow « Validation du guide » on the guide's index (and so on every page of
    the guide), approved by the committee."""
    from wagtail.models import (
        GroupApprovalTask,
        GroupPagePermission,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    committee = committee_group(create=True)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    if list(task.groups.all()) != [committee]:
        task.groups.set([committee])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    # Wagtail publishes an approved revision as the approver: the committee needs the
    # `publish_page` permission on the guide (it is the approver: publishing is approving).
    publish_page = Permission.objects.get(
        content_type__app_label="wagtailcore", codename="publish_page"
    )
    GroupPagePermission.objects.get_or_create(group=committee, page=index, permission=publish_page)
    current = WorkflowPage.objects.filter(page=index).first()
    if current is None or current.workflow_id != workflow.pk:
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow
