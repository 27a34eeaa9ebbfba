"""The derived copies an erasure must rebuild: the search documents (and the Elasticsearch
cluster behind them), Wagtail's admin search index, the PDF cache and the anonymous page
cache. None of them is a source of truth; each is rebuilt from the redacted sources, and
what still names the person afterwards (a document whose source is gone) is deleted."""

from __future__ import annotations

import logging

from wagtail.models import Page
from wagtail.search import index as wagtail_index

from hub.privacy.redaction import Needles, matching_rows, text_fields

logger = logging.getLogger("maillage.privacy")


def _matching(model, needles: Needles):
    """The pks of `model`'s rows whose text columns hold a needle."""
    found = set()
    if needles.pattern is None:
        return found
    for field in text_fields(model):
        for pk, value in matching_rows(model, field, needles):
            if isinstance(value, str) and needles.pattern.search(value):
                found.add(pk)
    return found


def matching_documents(needles: Needles) -> list[tuple[int, str, int]]:
    """(pk, source, object id) of the search documents that name the person."""
    from search.models import SearchDocument

    pks = _matching(SearchDocument, needles)
    return list(SearchDocument.objects.filter(pk__in=pks).values_list("pk", "source", "object_id"))


def refresh_search(documents: dict, needles: Needles) -> int:
    """Re-project what changed; delete the documents that still name the person. Returns
    how many documents were deleted that way."""
    from search.indexing import delete_documents, external_engine, index_objects
    from search.models import SearchDocument

    for model, pks in documents.items():
        index_objects(model, pks)
    leftover = SearchDocument.objects.filter(pk__in=_matching(SearchDocument, needles))
    keys = list(leftover.values_list("source", "object_id"))
    if keys:
        delete_documents(leftover)
        engine = external_engine()
        if engine is not None:
            engine.delete_documents(keys)
    return len(keys)


def refresh_admin_index(changes: dict, needles: Needles) -> None:
    """Wagtail's own search index (the admin's search) holds copies of titles and bodies."""
    from wagtail.search.models import IndexEntry

    for model, rows in changes.items():
        target = Page if issubclass(model, Page) else model
        if not wagtail_index.class_is_indexed(target):
            continue
        for obj in target._default_manager.filter(pk__in=list(rows)):
            wagtail_index.insert_or_update_object(obj.specific if target is Page else obj)
    stale = _matching(IndexEntry, needles)
    if stale:
        IndexEntry.objects.filter(pk__in=stale).delete()


def empty_caches() -> None:
    """Every cached PDF (guide, charter and any other document) and the page cache."""
    from guide.pdf import cache as pdf_cache
    from hub.cache import invalidate

    # An empty prefix matches every document directory of the PDF cache.
    pdf_cache.invalidate(prefixes=("",))
    invalidate()
