"""Write the demo's partner spaces (see hub/demo/spaces.py), idempotently.

The coordination instances the instance spaces belong to are the directory's: its demo
creates them first (`directory.demo.ensure_instances`, through the `maillage_demo` hook)
and `load_demo` hands them over."""

import hashlib
from datetime import datetime

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from hub.demo import sync
from hub.demo.spaces import (
    FAMILY_SPACE_INTRO,
    INSTANCE_SPACES,
    SHARED_SPACE,
    demo_document_text,
)
from hub.models import (
    DocumentLibraryPage,
    MeetingPage,
    PartnerSpaceIndexPage,
    PartnerSpacePage,
    WorkingGroupPage,
)


def ensure_document(title, filename, content, collection):
    """A document with this title in this collection, with exactly this content."""
    Document = get_document_model()
    digest = hashlib.sha1(content).hexdigest()
    document = Document.objects.filter(title=title, collection=collection).first()
    if document is not None and document.file_hash == digest:
        return document
    if document is None:
        document = Document(title=title, collection=collection)
    document.file.save(filename, ContentFile(content), save=False)
    document.file_size = len(content)
    document.file_hash = digest
    document.save()
    return document


def _aware(text):
    return timezone.make_aware(datetime.fromisoformat(text))


def _meeting_fields(meeting):
    return {
        "title": meeting["title"],
        "date": _aware(meeting["date"]),
        "place": meeting["place"],
        "agenda": meeting["agenda"],
        "minutes": meeting["minutes"],
        "minutes_status": meeting["minutes_status"],
    }


def _library(track, space, title, filename, audience):
    document = ensure_document(
        title, filename, demo_document_text(title, audience), space.ensure_collection()
    )
    value = {"document": document.id, "description": "Document de démonstration"}
    return track(
        sync.ensure_page(
            space,
            DocumentLibraryPage,
            "documents",
            {
                "title": "Documents de travail",
                "documents": lambda old: sync.stream(old, [("document", value)]),
            },
        )
    )


def load_spaces(track, home, families, instances):
    """Create the spaces; `track` records each page's status for the summary. `instances`
    are the coordination instances by slug: an instance space whose instance is missing
    (no directory installed) is left out."""
    index = track(
        sync.ensure_page(
            home,
            PartnerSpaceIndexPage,
            "espace-partenaires",
            {
                "title": "Espace partenaires",
                "intro": (
                    "Les espaces de travail des partenaires accrédités : un espace commun, "
                    "un espace par famille de partenaires et un par instance de coordination."
                ),
            },
        )
    )

    shared = track(
        sync.ensure_page(
            index,
            PartnerSpacePage,
            SHARED_SPACE["slug"],
            {
                "title": SHARED_SPACE["title"],
                "intro": SHARED_SPACE["intro"],
                "audience": "partners",
            },
        )
    )
    for group in SHARED_SPACE["working_groups"]:
        track(
            sync.ensure_page(
                shared,
                WorkingGroupPage,
                group["slug"],
                {key: group[key] for key in ("title", "intro", "mandate", "members")},
            )
        )
    for meeting in SHARED_SPACE["meetings"]:
        track(sync.ensure_page(shared, MeetingPage, meeting["slug"], _meeting_fields(meeting)))
    title, filename = SHARED_SPACE["document"]
    _library(track, shared, title, filename, "tous les partenaires accrédités")

    for family in families.values():
        space = track(
            sync.ensure_page(
                index,
                PartnerSpacePage,
                f"famille-{family.slug}",
                {
                    "title": f"Espace {family.name}",
                    "intro": FAMILY_SPACE_INTRO.format(family=family.name),
                    "audience": "family",
                    "family": family,
                },
            )
        )
        _library(
            track,
            space,
            f"Notes de la famille {family.name} (démo)",
            f"notes-{family.slug}.txt",
            f"famille {family.name}",
        )

    for slug, data in INSTANCE_SPACES.items():
        instance = instances.get(slug)
        if instance is None:
            continue
        space = track(
            sync.ensure_page(
                index,
                PartnerSpacePage,
                f"instance-{slug}",
                {
                    "title": data["title"],
                    "intro": data["intro"],
                    "audience": "instance",
                    "instance": instance,
                },
            )
        )
        for meeting in data["meetings"]:
            track(sync.ensure_page(space, MeetingPage, meeting["slug"], _meeting_fields(meeting)))
        title, filename = data["document"]
        _library(track, space, title, filename, f"membres de « {instance.name} »")
    return index


def ensure_editor_groups(families):
    """Each family's referent edits the family's space in the Wagtail admin, and nothing
    else: a group "Éditeurs : <famille>" with admin access, page permissions on the
    family space only, and document permissions on its collection only."""
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    page_perms = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=["add_page", "change_page"]
    )
    document_perms = Permission.objects.filter(
        content_type__app_label="wagtaildocs",
        codename__in=["add_document", "change_document", "choose_document"],
    )
    for family in families.values():
        space = PartnerSpacePage.objects.filter(slug=f"famille-{family.slug}").first()
        if space is None:
            continue
        group, _ = Group.objects.get_or_create(name=f"Éditeurs : {family.name}"[:150])
        group.permissions.add(access_admin)
        for permission in page_perms:
            GroupPagePermission.objects.get_or_create(
                group=group, page=space, permission=permission
            )
        for permission in document_perms:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=space.ensure_collection(), permission=permission
            )
        if family.referent_id and not family.referent.groups.filter(pk=group.pk).exists():
            family.referent.groups.add(group)
        _ensure_family_workflow(space, family, group)


def _ensure_family_workflow(space, family, editors):
    """Changes in a family space are approved by that family's editors, so moderation
    notifications never reach another family (they carry the page's title)."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    task, _ = GroupApprovalTask.objects.get_or_create(
        name=f"Validation par les éditeurs : {family.name}"[:255]
    )
    if list(task.groups.all()) != [editors]:
        task.groups.set([editors])
    workflow, _ = Workflow.objects.get_or_create(name=f"Espace {family.name}"[:255])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=space, defaults={"workflow": workflow})
