"""Keeping search documents in step with their sources.

- `index_objects(model, pks)` (re)projects objects and writes their documents, in one
  transaction per batch; a source that no longer exists loses its document.
- What is indexed, and how, is declared per source model in `search.registry` (each app
  registers its own specs).
- Saves and deletions of registered sources are indexed *after the transaction commits*
  (`transaction.on_commit`), so a rolled-back save indexes nothing; an indexing error is
  logged and never undoes nor blocks the editor's save (the next save or
  `manage.py rebuild_search` repairs the document).
- `deferred()` gathers what a bulk job (an import, the demo loader) changes and indexes it
  once at the end, in batches, instead of once per row.
- `rebuild()` rebuilds every document from the sources.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import transaction

from search import registry
from search.models import SearchDocument, SearchDocumentGroup, SearchFacet
from search.registry import Projected, source_of

logger = logging.getLogger("maillage.search")

BATCH_SIZE = 500
_state = threading.local()


def _load(spec, pks):
    """The objects of `spec.model` with these keys, with what their projection reads."""
    queryset = spec.model._default_manager.select_related(*spec.select)
    objects = list(queryset.prefetch_related(*spec.prefetch).filter(pk__in=pks))
    if spec.prepare is not None:
        spec.prepare(objects)
    return objects


def _project(spec, objects) -> list[Projected]:
    return [item for item in (registry.project(spec, obj) for obj in objects) if item]


def delete_documents(queryset) -> None:
    """Delete documents with their facets and groups in three plain DELETEs (Django's
    cascade would first load every document and facet into memory)."""
    ids = queryset.values("pk")
    SearchFacet.objects.filter(document__in=ids)._raw_delete(SearchFacet.objects.db)
    SearchDocumentGroup.objects.filter(document__in=ids)._raw_delete(SearchFacet.objects.db)
    queryset._raw_delete(queryset.db)


def _write(projected: list[Projected], removed: dict[str, set[int]], push: bool = True) -> None:
    with transaction.atomic():
        stale = defaultdict(set)
        for source, ids in removed.items():
            stale[source] |= ids
        for item in projected:
            stale[item.source].add(item.object_id)
        for source, ids in stale.items():
            delete_documents(SearchDocument.objects.filter(source=source, object_id__in=ids))
        documents = SearchDocument.objects.bulk_create(
            [
                SearchDocument(
                    source=item.source,
                    object_id=item.object_id,
                    access_tier=item.access.tier,
                    **item.fields,
                )
                for item in projected
            ]
        )
        facets, groups = [], []
        for document, item in zip(documents, projected, strict=True):
            facets += [
                SearchFacet(document=document, name=name, value=value[:100])
                for name, value in sorted(item.facets)
            ]
            groups += clause_rows(document, item.access)
        SearchFacet.objects.bulk_create(facets, batch_size=2000)
        SearchDocumentGroup.objects.bulk_create(groups, batch_size=2000)
    # The database rows are committed (in this block's savepoint at least) before an
    # outside engine hears of them: its failure never undoes them.
    if push:
        _push([document.pk for document in documents], stale)


def clause_rows(document, access) -> list[SearchDocumentGroup]:
    """One row per group of each family or instance clause; a clause naming no group is
    one row without a group (nobody but administrators passes it)."""
    rows = []
    for number, groups in enumerate(access.group_clauses):
        rows += [
            SearchDocumentGroup(document=document, clause=number, group_id=group_id)
            for group_id in sorted(groups) or [None]
        ]
    return rows


def external_engine():
    """The selected engine when it keeps its own index (Elasticsearch), else None."""
    from search.engines import get_engine
    from search.engines.database import DatabaseEngine

    engine = get_engine()
    return None if isinstance(engine, DatabaseEngine) else engine


def with_relations(queryset):
    from django.db.models import Prefetch

    return queryset.prefetch_related(
        "facets",
        Prefetch(
            "clause_groups", queryset=SearchDocumentGroup.objects.order_by("clause", "group_id")
        ),
    )


def _push(document_ids, stale) -> None:
    engine = external_engine()
    if engine is None:
        return
    written = {
        (document.source, document.object_id)
        for document in SearchDocument.objects.filter(pk__in=document_ids)
    }
    gone = [(source, pk) for source, ids in stale.items() for pk in ids]
    engine.delete_documents([key for key in gone if key not in written])
    engine.index_documents(with_relations(SearchDocument.objects.filter(pk__in=document_ids)))


def index_objects(model, pks: Iterable[int]) -> int:
    """(Re)index these objects of `model`; returns how many documents were written."""
    spec = registry.spec_for(model)
    pks = sorted(set(pks))
    written = 0
    for start in range(0, len(pks), BATCH_SIZE):
        chunk = pks[start : start + BATCH_SIZE]
        projected = _project(spec, _load(spec, chunk))
        found = {item.object_id for item in projected}
        # What no longer exists, or projects to nothing (an unpublished page), loses its
        # document.
        _write(projected, {source_of(model): set(chunk) - found})
        written += len(projected)
    return written


def rebuild(models=None, progress=None) -> dict[str, int]:
    """Rebuild every document of these source models (all by default). `progress` is
    called with the number of objects done after each batch."""
    counts = {}
    for model in models or registry.models():
        spec = registry.spec_for(model)
        source = spec.source
        with transaction.atomic():
            delete_documents(SearchDocument.objects.filter(source=source))
            done = 0
            pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(pks), BATCH_SIZE):
                chunk = pks[start : start + BATCH_SIZE]
                # The outside engine is rebuilt once, from every document, at the end.
                _write(_project(spec, _load(spec, chunk)), {}, push=False)
                done += len(chunk)
                if progress:
                    progress(len(chunk))
            counts[source] = done
    engine = external_engine()
    if engine is not None:
        engine.rebuild(with_relations(SearchDocument.objects.order_by("pk")))
    return counts


# --- After-commit indexing of single saves --------------------------------------------------


def _pending() -> dict | None:
    return getattr(_state, "pending", None)


@contextmanager
def deferred():
    """Index what changes inside the block once, at the end (nested blocks join the
    outermost one)."""
    if _pending() is not None:
        yield
        return
    _state.pending = defaultdict(set)
    try:
        yield
        pending = _state.pending
    finally:
        _state.pending = None
    for model, pks in pending.items():
        transaction.on_commit(lambda model=model, pks=pks: _safely(model, pks))


def _safely(model, pks):
    try:
        index_objects(model, pks)
    except Exception:  # indexing must never break a save.
        logger.exception(
            "Indexation impossible de %s %s : lancez manage.py rebuild_search",
            model._meta.label,
            sorted(pks)[:20],
        )


def schedule(model, pks: Iterable[int]) -> None:
    """Index these objects after the current transaction commits (or at the end of the
    enclosing `deferred()` block)."""
    pks = set(pks)
    if not pks:
        return
    pending = _pending()
    if pending is not None:
        pending[model] |= pks
        return
    transaction.on_commit(lambda: _safely(model, pks))


def schedule_changed(model, objects) -> None:
    """These objects of `model` changed: index them and the documents that show something
    of them (`DocumentSpec.dependents`: a service's structure...) after commit. For bulk
    writers, whose `bulk_create` and `bulk_update` send no signal."""
    objects = list(objects)
    if not objects:
        return
    spec = registry.spec_for(model)
    schedule(model, [obj.pk for obj in objects])
    if spec.dependents is not None:
        for dependent, pks in spec.dependents(objects):
            schedule(dependent, pks)
