"""Derived restrictions: pages whose Wagtail view restriction follows their tier.

Partner spaces (`hub.models.spaces`) and guide chapters (`guide.models.pages`) never have
their restriction edited by hand: it is derived from their tier, so that `hub.access` and
Wagtail's serving enforce it on every channel, and a slip in the admin's privacy dialog
cannot open them. Such a page inherits `DerivedRestrictionMixin`:

- `tier` and `access_groups()` say who may read it; `sync_access()` writes the matching
  restriction (none for public, "login" for partners, "groups" for a family or an
  instance; a page of a group tier that names no group is closed to all but
  administrators). A page that derives more (a space's document collection) extends
  `sync_access()` with `set_collection_restriction()`.
- It is synced when it is published, and also on every save when `sync_on_save` is set
  (spaces; a chapter's draft audience waits for the committee's approval).
- When someone changes or deletes a restriction on it, or on a collection it derives
  (`for_collection`), it is synced again from its live row: the one set of receivers
  below, connected in `HubConfig.ready()`, with one thread-local flag that stops a sync
  from triggering itself.
"""

import threading

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_published

from hub.access import Tier


class DerivedRestrictionMixin:
    """A page whose view restriction is derived from its `tier`. Put it before the page's
    base class."""

    # Sync on every save, not only on publication.
    sync_on_save = False

    @property
    def tier(self):
        raise NotImplementedError

    def access_groups(self):
        """The groups that open the page, for the family and instance tiers."""
        return []

    def derived_restriction(self):
        """(restriction type, groups) for the page's tier; (None, []) when it is public."""
        if self.tier == Tier.PUBLIC:
            return None, []
        if self.tier == Tier.PARTNERS:
            return PageViewRestriction.LOGIN, []
        # An incomplete family or instance page (no group) is closed to all but
        # administrators.
        return PageViewRestriction.GROUPS, list(self.access_groups())

    def sync_access(self):
        """Write the derived restriction on the page."""
        self.set_page_restriction(*self.derived_restriction())

    def set_page_restriction(self, restriction_type, groups):
        """Leave exactly one restriction of `restriction_type` with `groups` on the page
        (none when `restriction_type` is None)."""
        if restriction_type is None:
            PageViewRestriction.objects.filter(page=self).delete()
        else:
            _set_restriction(PageViewRestriction, {"page": self}, restriction_type, groups)

    @staticmethod
    def set_collection_restriction(collection, restriction_type, groups):
        """The same for a document collection the page derives."""
        _set_restriction(
            CollectionViewRestriction, {"collection": collection}, restriction_type, groups
        )

    @classmethod
    def for_collection(cls, collection_id):
        """The page of this class whose derived restrictions cover the collection, if any."""
        return None


def _set_restriction(model, target, restriction_type, groups):
    """Leave exactly one restriction of `restriction_type` with `groups` on the target,
    writing only what differs (so that saving an unchanged page writes nothing)."""
    restrictions = list(model.objects.filter(**target).order_by("pk"))
    for extra in restrictions[1:]:
        extra.delete()
    restriction = restrictions[0] if restrictions else model(**target)
    if restriction.pk is None or restriction.restriction_type != restriction_type:
        restriction.restriction_type = restriction_type
        restriction.password = ""
        restriction.save()
    if set(restriction.groups.all()) != set(groups):
        restriction.groups.set(groups)


# --- Re-sync (signals) -----------------------------------------------------------------------

_state = threading.local()


def _busy():
    return getattr(_state, "busy", False)


def resync(page):
    """Sync `page` if it derives its restriction (and no sync is running already)."""
    if _busy() or page is None:
        return
    specific = page.specific
    if not isinstance(specific, DerivedRestrictionMixin):
        return
    _state.busy = True
    try:
        specific.sync_access()
    finally:
        _state.busy = False


def _resync_page_id(page_id):
    # The live row, not a draft.
    resync(Page.objects.filter(pk=page_id).first())


def _resync_collection(collection_id):
    for model in _derived_models():
        page = model.for_collection(collection_id)
        if page is not None:
            resync(page)


def _derived_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, DerivedRestrictionMixin) and issubclass(model, Page)
    ]


def on_page_saved(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    resync(instance)


def on_page_restriction_saved(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    _resync_page_id(instance.page_id)


def on_page_restriction_deleted(sender, instance, **kwargs):
    # A restriction deleted by hand is put back once the transaction commits, and only if
    # its page still exists: deleting a whole page also deletes its restriction.
    if _busy():
        return
    page_id = instance.page_id
    transaction.on_commit(lambda: _resync_page_id(page_id))


def on_page_restriction_groups_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _resync_page_id(instance.page_id)


def on_collection_restriction_saved(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    _resync_collection(instance.collection_id)


def on_collection_restriction_deleted(sender, instance, **kwargs):
    if _busy():
        return
    collection_id = instance.collection_id
    transaction.on_commit(lambda: _resync_collection(collection_id))


def on_collection_restriction_groups_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _resync_collection(instance.collection_id)


def connect():
    """Connect the receivers (once, from `HubConfig.ready()`)."""
    for model in _derived_models():
        label = model._meta.label_lower
        page_published.connect(on_page_saved, sender=model, dispatch_uid=f"derived-pub-{label}")
        if model.sync_on_save:
            post_save.connect(on_page_saved, sender=model, dispatch_uid=f"derived-save-{label}")
    for model, saved, deleted, groups_changed in (
        (
            PageViewRestriction,
            on_page_restriction_saved,
            on_page_restriction_deleted,
            on_page_restriction_groups_changed,
        ),
        (
            CollectionViewRestriction,
            on_collection_restriction_saved,
            on_collection_restriction_deleted,
            on_collection_restriction_groups_changed,
        ),
    ):
        label = model._meta.label_lower
        post_save.connect(saved, sender=model, dispatch_uid=f"derived-{label}-saved")
        post_delete.connect(deleted, sender=model, dispatch_uid=f"derived-{label}-deleted")
        m2m_changed.connect(
            groups_changed, sender=model.groups.through, dispatch_uid=f"derived-{label}-groups"
        )
