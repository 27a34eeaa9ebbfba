"""Directory saves, deletions and relation changes schedule their documents' indexing
(after commit, see `search.indexing.schedule`)."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from directory.models import CoordinationInstance, Organisation, PsychiatricSector, Service
from search.indexing import schedule


def _organisation_saved(instance, **kwargs):
    schedule(Organisation, [instance.pk])
    # Services inherit its access and places; sectors and instances show its name.
    schedule(Service, instance.services.values_list("pk", flat=True))
    schedule(PsychiatricSector, instance.sectors.values_list("pk", flat=True))
    schedule(CoordinationInstance, instance.led_instances.values_list("pk", flat=True))


def _service_changed(instance, **kwargs):
    schedule(Service, [instance.pk])
    # A structure's document holds its public services' text and facets.
    schedule(Organisation, [instance.organisation_id])


def _own_document(sender, instance, **kwargs):
    schedule(type(instance), [instance.pk])


def _organisation_deleted(instance, **kwargs):
    schedule(Organisation, [instance.pk])


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
            schedule(owner, [instance.pk])
            if owner is Organisation:
                schedule(Service, instance.services.values_list("pk", flat=True))
        elif pk_set:
            schedule(owner, pk_set)

    return changed


_handlers = []


def connect():
    post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="search-org")
    post_delete.connect(_organisation_deleted, sender=Organisation, dispatch_uid="search-org-del")
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
