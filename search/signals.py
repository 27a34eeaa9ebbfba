"""Saves, deletions and relation changes of a registered source schedule its documents'
indexing (after commit, see `search.indexing.schedule`), with those of its dependents
(`DocumentSpec.dependents`). Connected per spec by `search.registry.register`, from the
spec alone: no model is named here."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_save, pre_delete

from search.indexing import schedule_changed

_handlers = []  # signals keep weak references: the closures live here.


def changed(spec, objects) -> None:
    """These objects of `spec.model` changed: their documents and their dependents'."""
    schedule_changed(spec.model, objects)


def _saved_handler(spec):
    def saved(sender, instance, **kwargs):
        changed(spec, [instance])

    return saved


def _relation_handler(spec):
    def relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        if not reverse:
            changed(spec, [instance])
        elif pk_set:
            changed(spec, spec.model._default_manager.filter(pk__in=pk_set))

    return relation_changed


def _keep(handler):
    _handlers.append(handler)
    return handler


def connect_spec(spec) -> None:
    """Connect the handlers of one spec (again: a no-op, thanks to the dispatch uids)."""
    if spec.connect is not None:
        spec.connect()
        return
    model = spec.model
    uid = f"search-{spec.source}"
    post_save.connect(_keep(_saved_handler(spec)), sender=model, dispatch_uid=uid)
    # Before the deletion: afterwards what pointed to the object (a unit's parent, an
    # instance's lead) no longer does, and its dependents could not be found. The
    # indexing itself runs after commit, when the object is gone: its document goes.
    pre_delete.connect(_keep(_saved_handler(spec)), sender=model, dispatch_uid=f"{uid}-del")
    for name in spec.relations:
        m2m_changed.connect(
            _keep(_relation_handler(spec)),
            sender=getattr(model, name).through,
            dispatch_uid=f"{uid}-{name}",
        )
