"""Directory saves, deletions and relation changes schedule their documents' indexing
(after commit, see `search.indexing.schedule`)."""

from __future__ import annotations

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from directory.models import CoordinationInstance, Organisation, PsychiatricSector, Service
from search.indexing import schedule


def _organisation_changed(organisation_pk):
    """A structure's name or tier shows in other documents: its services hang from it
    (they take its access); its units, the sectors and instances that name it show its
    name only when their readers may see it."""
    schedule(Organisation, [organisation_pk])
    schedule(
        Service, Service.objects.filter(organisation=organisation_pk).values_list("pk", flat=True)
    )
    schedule(
        Organisation,
        Organisation.objects.filter(parent=organisation_pk).values_list("pk", flat=True),
    )
    schedule(
        PsychiatricSector,
        PsychiatricSector.objects.filter(
            Q(hospital=organisation_pk) | Q(cmps=organisation_pk)
        ).values_list("pk", flat=True),
    )
    schedule(
        CoordinationInstance,
        CoordinationInstance.objects.filter(lead_organisation=organisation_pk).values_list(
            "pk", flat=True
        ),
    )


def _organisation_saved(instance, **kwargs):
    _organisation_changed(instance.pk)


def _service_changed(instance, **kwargs):
    schedule(Service, [instance.pk])
    # A structure's document holds its public services' text and facets.
    schedule(Organisation, [instance.organisation_id])


def _own_document(sender, instance, **kwargs):
    schedule(type(instance), [instance.pk])


def _organisation_deleted(instance, **kwargs):
    # Before the deletion: afterwards its units and the instances it led no longer point
    # to it, and their documents would keep its name.
    _organisation_changed(instance.pk)


# (owner model, many-to-many field) whose changes alter the owner's document.
RELATIONS = [
    (Organisation, "coverage"),
    (Organisation, "territories"),
    (Organisation, "access_groups"),
    (Service, "access_groups"),
    (CoordinationInstance, "communes"),
    (CoordinationInstance, "access_groups"),
    (PsychiatricSector, "communes"),
    (PsychiatricSector, "cmps"),
    (PsychiatricSector, "access_groups"),
]


def _relation_handler(owner):
    def changed(sender, instance, action, reverse, pk_set, **kwargs):
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        if not reverse:
            if owner is Organisation:
                _organisation_changed(instance.pk)
            else:
                schedule(owner, [instance.pk])
                if owner is Service:
                    # A structure's document holds the services its readers may see.
                    schedule(Organisation, [instance.organisation_id])
        elif pk_set and owner is Organisation:
            for pk in pk_set:
                _organisation_changed(pk)
        elif pk_set:
            schedule(owner, pk_set)

    return changed


_handlers = []


def connect():
    post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="search-org")
    pre_delete.connect(_organisation_deleted, sender=Organisation, dispatch_uid="search-org-del")
    post_save.connect(_service_changed, sender=Service, dispatch_uid="search-service")
    post_delete.connect(_service_changed, sender=Service, dispatch_uid="search-service-del")
    for model in (CoordinationInstance, PsychiatricSector):
        uid = model._meta.model_name
        post_save.connect(_own_document, sender=model, dispatch_uid=f"search-{uid}")
        post_delete.connect(_own_document, sender=model, dispatch_uid=f"search-{uid}-del")
    for owner, name in RELATIONS:
        handler = _relation_handler(owner)
        _handlers.append(handler)  # m2m_changed keeps weak references.
        m2m_changed.connect(
            handler,
            sender=getattr(owner, name).through,
            dispatch_uid=f"search-{owner._meta.model_name}-{name}",
        )
    connect_pages()


# --- Pages: publish, unpublish, move, delete, and view restrictions -----------------------------


def _page_and_descendants(page):
    from wagtail.models import Page

    return Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)


def _page_changed(sender=None, instance=None, **kwargs):
    from wagtail.models import Page

    schedule(Page, [instance.pk])


def _page_moved(sender=None, instance=None, **kwargs):
    from wagtail.models import Page

    # A move changes the URL, and maybe the inherited restrictions, of the whole branch.
    schedule(Page, _page_and_descendants(instance))


def _restriction_changed(sender=None, instance=None, **kwargs):
    from wagtail.models import Page

    if instance.page_id and Page.objects.filter(pk=instance.page_id).exists():
        schedule(Page, _page_and_descendants(instance.page))


def _restriction_groups_changed(sender, instance, action, reverse, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        _restriction_changed(instance=instance)


def connect_pages():
    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(_page_changed, dispatch_uid="search-page-published")
    page_unpublished.connect(_page_changed, dispatch_uid="search-page-unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="search-page-moved")
    # Deleting a page deletes every subclass row: listen on the base class.
    post_delete.connect(_page_changed, sender=Page, dispatch_uid="search-page-deleted")
    post_save.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction"
    )
    post_delete.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-del"
    )
    m2m_changed.connect(
        _restriction_groups_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="search-restriction-groups",
    )
