"""The derived copies an erasure must rebuild: the apps' own (the search documents and the
Elasticsearch cluster behind them, the PDF cache: `hub.privacy.holders.DerivedData`),
Wagtail's admin search index and the anonymous page cache. None of them is a source of
truth; each is rebuilt from the redacted sources, and what still names the person
afterwards (a document whose source is gone) is deleted."""

from __future__ import annotations

import logging

from wagtail.models import Page
from wagtail.search import index as wagtail_index

from hub.privacy.holders import derived_data
from hub.privacy.redaction import Needles, matching_rows, text_fields

logger = logging.getLogger("maillage.privacy")


def matching(model, needles: Needles) -> set:
    """The pks of `model`'s rows whose text columns hold a needle."""
    found = set()
    if needles.pattern is None:
        return found
    for field in text_fields(model):
        for pk, value in matching_rows(model, field, needles):
            if isinstance(value, str) and needles.pattern.search(value):
                found.add(pk)
    return found


def plan_erasure(changes: dict, needles: Needles) -> list:
    """The `ErasurePart` of every derived copy that has something to rebuild."""
    parts = (holder.plan_erasure(changes, needles) for holder in derived_data())
    return [part for part in parts if part is not None]


def refresh_admin_index(changes: dict, needles: Needles) -> None:
    """Wagtail's own search index (the admin's search) holds copies of titles and bodies."""
    from wagtail.search.models import IndexEntry

    for model, rows in changes.items():
        target = Page if issubclass(model, Page) else model
        if not wagtail_index.class_is_indexed(target):
            continue
        for obj in target._default_manager.filter(pk__in=list(rows)):
            wagtail_index.insert_or_update_object(obj.specific if target is Page else obj)
    stale = matching(IndexEntry, needles)
    if stale:
        IndexEntry.objects.filter(pk__in=stale).delete()


def cache_labels() -> list[str]:
    """What `empty_caches` empties, in French: the apps' caches, then the page cache."""
    labels = [holder.cache_label for holder in derived_data() if holder.cache_label]
    return [*labels, "pages anonymes"]


def empty_caches() -> None:
    """Every cache of the apps (the PDFs of the guide, of the charter, of any other
    document) and the anonymous page cache."""
    from hub.cache import invalidate

    for holder in derived_data():
        holder.empty()
    invalidate()


def rebuild_all() -> dict[str, int]:
    """After a restore: every derived copy rebuilt from the restored sources."""
    counts: dict[str, int] = {}
    for holder in derived_data():
        counts.update(holder.rebuild())
    return counts
