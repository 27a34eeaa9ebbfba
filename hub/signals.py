"""Keep partner spaces closed: their restrictions are derived, never edited by hand.

When a space is saved, its page restriction and its collection's privacy are set from its
audience. When someone changes or deletes those restrictions (the admin's privacy
dialog, a script), they are put back at once. A flag stops the re-sync from triggering
itself.
"""

import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_published

_state = threading.local()


def _resync(page):
    from hub.models.spaces import PartnerSpaceIndexPage, PartnerSpacePage

    if getattr(_state, "busy", False) or page is None:
        return
    specific = page.specific
    if not isinstance(specific, PartnerSpaceIndexPage | PartnerSpacePage):
        return
    _state.busy = True
    try:
        specific.sync_access()
    finally:
        _state.busy = False


def _space_of_collection(collection_id):
    from hub.models.spaces import PartnerSpacePage

    return PartnerSpacePage.objects.filter(collection_link__collection_id=collection_id).first()


def on_space_saved(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    _resync(instance)


def on_page_restriction_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    _resync(Page.objects.filter(pk=instance.page_id).first())


def on_page_restriction_deleted(sender, instance, **kwargs):
    # A deleted restriction is put back once the transaction commits, and only if its
    # page still exists: deleting a whole space also deletes its restriction.
    page_id = instance.page_id
    transaction.on_commit(lambda: _resync(Page.objects.filter(pk=page_id).first()))


def on_page_restriction_groups_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        on_page_restriction_changed(sender, instance)


def on_collection_restriction_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    _resync(_space_of_collection(instance.collection_id))


def on_collection_restriction_deleted(sender, instance, **kwargs):
    collection_id = instance.collection_id
    transaction.on_commit(lambda: _resync(_space_of_collection(collection_id)))


def on_collection_restriction_groups_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        on_collection_restriction_changed(sender, instance)


def connect():
    from hub.models.spaces import PartnerSpaceIndexPage, PartnerSpacePage

    for model in (PartnerSpaceIndexPage, PartnerSpacePage):
        post_save.connect(on_space_saved, sender=model, dispatch_uid=f"space-saved-{model}")
        page_published.connect(
            on_space_saved, sender=model, dispatch_uid=f"space-published-{model}"
        )
    post_save.connect(on_page_restriction_changed, sender=PageViewRestriction)
    post_delete.connect(on_page_restriction_deleted, sender=PageViewRestriction)
    m2m_changed.connect(
        on_page_restriction_groups_changed, sender=PageViewRestriction.groups.through
    )
    post_save.connect(on_collection_restriction_changed, sender=CollectionViewRestriction)
    post_delete.connect(on_collection_restriction_deleted, sender=CollectionViewRestriction)
    m2m_changed.connect(
        on_collection_restriction_groups_changed,
        sender=CollectionViewRestriction.groups.through,
    )
