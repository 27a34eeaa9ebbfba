"""Keep chapters' edit permissions derived from their owning family.

On publication, a chapter's edit permission follows its owning family
(`guide.permissions.sync_chapter_permissions`). Its view restriction follows its audience
through `hub.restrictions`, as the partner spaces' do.
"""

from wagtail.signals import page_published


def on_chapter_published(sender, instance, **kwargs):
    from guide.permissions import sync_chapter_permissions

    sync_chapter_permissions(instance)


def connect():
    from guide.models import GuideChapterPage

    page_published.connect(
        on_chapter_published, sender=GuideChapterPage, dispatch_uid="guide-chapter-published"
    )
