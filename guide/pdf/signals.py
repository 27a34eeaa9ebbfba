"""Drop cached PDFs when what they are made of changes.

- a page of the guide (any page model of the `guide` app) published, unpublished or
  moved: every guide and chapter PDF (the whole guide's table of contents and page
  numbers move with any chapter);
- the charter published, unpublished or moved: the charter's PDF;
- a page view restriction saved, deleted or given other groups: every PDF, since who
  sees which chapter changed (rare, and the next reader re-renders);
- a glossary term saved or deleted (the guide's annex): the guide's PDFs.

`connect_signals()` is called once, from `GuideConfig.ready()`, so that the first
publication after a restart is seen even before any PDF was asked for (each receiver has
a `dispatch_uid`, so a second call would change nothing). The cache's fingerprints keep a
missed signal from serving stale content anyway.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from guide.pdf import cache


def _is_guide_page(page):
    return page is not None and page._meta.app_label == "guide"


def _is_charter(page):
    return page is not None and page._meta.model_name == "charterpage"


def on_page_changed(sender, instance=None, **kwargs):
    page = getattr(instance, "specific_deferred", instance)
    if _is_guide_page(page):
        cache.invalidate_guide()
    elif _is_charter(page):
        cache.invalidate_charter()


def on_restriction_changed(sender, **kwargs):
    cache.invalidate()


def on_glossary_changed(sender, **kwargs):
    cache.invalidate_guide()


def connect_signals():
    from wagtail.models import PageViewRestriction

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(on_page_changed, dispatch_uid=f"maillage-pdf-{id(signal)}")
    for signal in (post_save, post_delete):
        signal.connect(
            on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"maillage-pdf-restriction-{id(signal)}",
        )
    m2m_changed.connect(
        on_restriction_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="maillage-pdf-restriction-groups",
    )
    try:
        glossary = apps.get_model("guide", "GlossaryTerm")
    except LookupError:
        glossary = None
    if glossary is not None:
        for signal in (post_save, post_delete):
            signal.connect(
                on_glossary_changed,
                sender=glossary,
                dispatch_uid=f"maillage-pdf-glossary-{id(signal)}",
            )
