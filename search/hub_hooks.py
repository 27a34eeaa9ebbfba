"""What hub must know of the search app (hub/hooks.py), registered from `SearchConfig.ready()`.

- `maillage_demo`: `load_demo` runs inside `indexing.deferred()`, so the search documents
  of what it changes are written once, after the commit;
- `maillage_derived_data`: the search documents (and the Elasticsearch cluster behind
  them) are a copy of their sources: an erasure re-projects what it redacted and deletes
  the documents that still name the person; a restore rebuilds them all;
- `maillage_personal_data`: the daily counts of searches without results (no words are
  kept), purged after their retention period like the rest (hub/privacy/retention.py);
- `maillage_evaluation_series`: those counts by month, for the evaluation dashboard
  (search/indicators.py).
"""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page

from hub.hooks import DEMO, DERIVED_DATA, EVALUATION_SERIES, PERSONAL_DATA, DemoPart
from hub.privacy.holders import DerivedData, ErasurePart, PersonalData


@hooks.register(DEMO, order=0)
def demo_part():
    from search import indexing

    return DemoPart(around=indexing.deferred)


class SearchErasure(ErasurePart):
    """The documents to re-project ({model: pks}) and those that name the person."""

    def __init__(self, documents: dict, stale: set):
        self.documents = documents
        self.stale = stale

    def names_person(self) -> bool:
        return bool(self.stale)

    def line(self) -> str | None:
        count = sum(len(pks) for pks in self.documents.values())
        if not (count or self.stale):
            return None
        return (
            f"Index de recherche : {count} objet(s) réindexé(s), "
            f"{len(self.stale)} document(s) qui les nomment"
        )

    def apply(self, needles) -> int:
        """Re-project what changed; delete the documents that still name the person.
        Returns how many documents were deleted that way."""
        from hub.privacy.derived import matching
        from search.indexing import delete_documents, external_engine, index_objects
        from search.models import SearchDocument

        for model, pks in self.documents.items():
            index_objects(model, pks)
        leftover = SearchDocument.objects.filter(pk__in=matching(SearchDocument, needles))
        keys = list(leftover.values_list("source", "object_id"))
        if keys:
            delete_documents(leftover)
            engine = external_engine()
            if engine is not None:
                engine.delete_documents(keys)
        return len(keys)


class SearchDocuments(DerivedData):
    def plan_erasure(self, changes: dict, needles) -> SearchErasure:
        from hub.privacy.derived import matching
        from search.models import SearchDocument
        from search.registry import source_of, specs

        indexed = [spec.model for spec in specs()]
        by_source = {source_of(model): model for model in indexed}
        documents = defaultdict(set)
        for model, rows in changes.items():
            base = Page if issubclass(model, Page) else model
            if base in indexed:
                documents[base] |= set(rows)
        stale = set()
        named = SearchDocument.objects.filter(pk__in=matching(SearchDocument, needles))
        for pk, source, object_id in named.values_list("pk", "source", "object_id"):
            stale.add(pk)
            if source in by_source:
                documents[by_source[source]].add(object_id)
        return SearchErasure(dict(documents), stale)

    def rebuild(self) -> dict[str, int]:
        from search.indexing import rebuild

        return rebuild()


@hooks.register(DERIVED_DATA, order=0)
def search_documents():
    return SearchDocuments()


class ZeroResultCounts(PersonalData):
    def purges(self, now) -> list:
        from hub.privacy.retention import Purge, cutoff_of, frozen_pks
        from search.models import ZeroResultCount

        cutoff = cutoff_of(now, "zero_result_searches")
        day = timezone.localtime(cutoff).date()
        return [
            Purge(
                "Comptes quotidiens des recherches sans résultat",
                "zero_result_searches",
                cutoff,
                ZeroResultCount,
                frozen_pks(ZeroResultCount.objects.filter(day__lt=day)),
            )
        ]


# After the directory's error reports (10, 20): the purge's lines keep their order.
@hooks.register(PERSONAL_DATA, order=30)
def zero_result_counts():
    return ZeroResultCounts()


@hooks.register(EVALUATION_SERIES, order=20)
def evaluation_series(audience):
    from search.indicators import series

    return series(audience)
