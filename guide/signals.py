"""Keep chapters' restrictions and permissions derived from their fields.

On publication, a chapter's view restriction follows its audience and its edit permission
follows its owning family. A restriction changed by hand (the admin's privacy dialog, a
script) is put back from the chapter's live row at once, as `hub.signals` does for
partner spaces. A flag stops the re-sync from triggering itself.
"""

import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published

_state = threading.local()


def _resync_chapter(page_id):
    from guide.models import GuideChapterPage

    if getattr(_state, "busy", False):
        return
    # The live row, not a draft: a draft's audience waits for the committee's approval.
    chapter = GuideChapterPage.objects.filter(pk=page_id).first()
    if chapter is None:
        return
    _state.busy = True
    try:
        chapter.sync_access()
    finally:
        _state.busy = False


def on_chapter_published(sender, instance, **kwargs):
    from guide.permissions import sync_chapter_permissions

    _state.busy = True
    try:
        instance.sync_access()
    finally:
        _state.busy = False
    sync_chapter_permissions(instance)


def on_restriction_saved(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    _resync_chapter(instance.page_id)


def on_restriction_deleted(sender, instance, **kwargs):
    page_id = instance.page_id
    if getattr(_state, "busy", False):
        return
    transaction.on_commit(lambda: _resync_chapter(page_id))


def on_restriction_groups_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _resync_chapter(instance.page_id)


def connect():
    from guide.models import GuideChapterPage

    page_published.connect(
        on_chapter_published, sender=GuideChapterPage, dispatch_uid="guide-chapter-published"
    )
    post_save.connect(
        on_restriction_saved, sender=PageViewRestriction, dispatch_uid="guide-restriction-saved"
    )
    post_delete.connect(
        on_restriction_deleted,
        sender=PageViewRestriction,
        dispatch_uid="guide-restriction-deleted",
    )
    m2m_changed.connect(
        on_restriction_groups_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="guide-restriction-groups",
    )
