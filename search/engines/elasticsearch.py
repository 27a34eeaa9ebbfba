"""The Elasticsearch engine: `SearchDocument` rows in an index with a French analyser.

- `to_es()` turns a row into the indexed body (see `es_mapping` for the fields);
- `es_queries` builds every request with no network (`build_search()`, the autocomplete,
  the map's points and counts), so that tests read exactly what is sent (`.to_dict()`),
  and reads the answers (`result_from_response()`);
- `ElasticsearchEngine` runs them against `settings.ELASTICSEARCH_URL`, indexes in bulk and
  rebuilds into a new index behind an alias swapped at once.

Tier filtering is one clause inside every query's `bool.filter`, built from
`hub.access.search_filter_terms(user)` (see `es_queries`): facet counts, autocomplete and
the map carry the same clause.

Network errors are *not* caught here: `search.engines.fallback.FallbackEngine` answers
from the database when a query fails, and `search.indexing` logs indexing failures.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

from django.conf import settings
from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.dsl import Search
from elasticsearch.helpers import bulk

from search.engines.base import (
    HIT_FIELDS,
    MapCounts,
    MapPoints,
    SearchEngine,
    SearchQuery,
    SearchResult,
)
from search.engines.es_mapping import FACET_FIELDS, alias_name, index_definition
from search.engines.es_queries import (  # noqa: F401  (re-exported: the engine's requests)
    MAP_CHUNK,
    MAX_PREFIX_LENGTH,
    bounded,
    build_autocomplete,
    build_map_counts,
    build_map_points,
    build_search,
    point_rows,
    result_from_response,
    tier_filter,
)

logger = logging.getLogger("maillage.search")

BULK_CHUNK_SIZE = 500


def document_id(source: str, object_id: int) -> str:
    return f"{source}:{object_id}"


def access_clauses(document) -> list[dict]:
    """The document's family or instance clauses, each with the groups of which a reader
    must belong to one (an empty list: nobody but administrators)."""
    clauses = defaultdict(list)
    for row in document.clause_groups.all():
        clauses[row.clause]
        if row.group_id is not None:
            clauses[row.clause].append(row.group_id)
    return [{"groups": sorted(groups)} for _number, groups in sorted(clauses.items())]


def to_es(document) -> dict:
    """The indexed body of a `SearchDocument` row (facets and groups prefetched)."""
    facets = defaultdict(list)
    for facet in document.facets.all():
        facets[facet.name].append(facet.value)
    location = None
    if document.latitude is not None and document.longitude is not None:
        location = {"lat": document.latitude, "lon": document.longitude}
    body = {name: getattr(document, name) for name in HIT_FIELDS}
    body.update(
        text=document.search_text,
        body=document.body,
        location=location,
        verified_on=document.verified_on.isoformat() if document.verified_on else None,
        access_tier=document.access_tier,
        access_clauses=access_clauses(document),
    )
    del body["latitude"], body["longitude"]
    for name in FACET_FIELDS:
        body[name] = sorted(facets.get(name, []))
    return body


# --- The engine --------------------------------------------------------------------------------


def _chunks(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


class ElasticsearchEngine(SearchEngine):
    name = "elasticsearch"

    def __init__(self, url=None, *, index_prefix=None, timeout=None, client=None):
        self.url = url or settings.ELASTICSEARCH_URL
        self.index_prefix = (
            settings.ELASTICSEARCH_INDEX_PREFIX if index_prefix is None else index_prefix
        )
        self.timeout = settings.ELASTICSEARCH_TIMEOUT if timeout is None else timeout
        self.alias = alias_name(self.index_prefix)
        self._client = client

    @property
    def client(self) -> Elasticsearch:
        if self._client is None:
            self._client = Elasticsearch(
                self.url,
                request_timeout=self.timeout,
                # A failing node is reported at once: the fallback answers, the reader
                # does not wait for retries.
                max_retries=0,
                retry_on_timeout=False,
            )
        return self._client

    # Reading ----------------------------------------------------------------------------

    def build_search(self, user, query: SearchQuery) -> Search:
        return build_search(user, query, index=self.alias)

    def search(self, user, query: SearchQuery) -> SearchResult:
        body = self.build_search(user, query).to_dict()
        response = self.client.search(index=self.alias, body=body)
        return result_from_response(response.body, query, engine=self.name)

    def autocomplete(self, user, prefix: str, limit: int = 8) -> list[str]:
        if not bounded(prefix, MAX_PREFIX_LENGTH):
            return []
        search = build_autocomplete(user, prefix, limit, index=self.alias)
        response = self.client.search(index=self.alias, body=search.to_dict())
        titles = []
        for raw in response.body.get("hits", {}).get("hits", []):
            title = raw.get("_source", {}).get("title", "")
            if title and title not in titles:
                titles.append(title)
        return titles[:limit]

    def map_points(self, user, query: SearchQuery, limit: int) -> MapPoints:
        rows, after = [], None
        while len(rows) <= limit:
            wanted = min(limit + 1 - len(rows), MAP_CHUNK)
            search = build_map_points(user, query, wanted, after, index=self.alias)
            body = self.client.search(index=self.alias, body=search.to_dict()).body
            hits = body.get("hits", {}).get("hits", [])
            rows += point_rows(body)
            if len(hits) < wanted or not hits[-1].get("sort"):
                break
            after = hits[-1]["sort"]
        return MapPoints(rows=rows[:limit], truncated=len(rows) > limit)

    def map_counts(self, user, query: SearchQuery) -> MapCounts:
        search = build_map_counts(user, query, index=self.alias)
        body = self.client.search(index=self.alias, body=search.to_dict()).body
        total = body.get("hits", {}).get("total", 0)
        if isinstance(total, dict):
            total = total.get("value", 0)
        unplaced = body.get("aggregations", {}).get("unplaced", {}).get("doc_count", 0)
        return MapCounts(total=int(total), unplaced=int(unplaced))

    # Writing ----------------------------------------------------------------------------

    def _actions(self, documents, index):
        for document in documents:
            yield {
                "_op_type": "index",
                "_index": index,
                "_id": document_id(document.source, document.object_id),
                "_source": to_es(document),
            }

    def new_index_name(self) -> str:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d%H%M%S%f")
        return f"{self.alias}-{stamp}"

    def live_indices(self) -> list[str]:
        """The indices the alias points to (one, unless someone changed it by hand)."""
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).body)
        except NotFoundError:
            return []

    def ensure_index(self) -> str:
        """Create a first index behind the alias when there is none; returns the alias."""
        if not self.client.indices.exists_alias(name=self.alias):
            name = self.new_index_name()
            definition = index_definition(name).to_dict()
            self.client.indices.create(index=name, **definition)
            self.client.indices.update_aliases(
                actions=[{"add": {"index": name, "alias": self.alias}}]
            )
        return self.alias

    def index_documents(self, documents, *, refresh=False) -> None:
        self.ensure_index()
        bulk(
            self.client,
            self._actions(documents, self.alias),
            chunk_size=BULK_CHUNK_SIZE,
            refresh="wait_for" if refresh else False,
        )

    def delete_documents(self, keys, *, refresh=False) -> None:
        actions = (
            {"_op_type": "delete", "_index": self.alias, "_id": document_id(source, pk)}
            for source, pk in keys
        )
        # Deleting what is not there is fine (a document that was never indexed).
        bulk(
            self.client,
            actions,
            chunk_size=BULK_CHUNK_SIZE,
            ignore_status=(404,),
            refresh="wait_for" if refresh else False,
        )

    def rebuild(self, documents, progress=None) -> int:
        """Fill a new index, then point the alias at it and drop the old one(s): readers
        see the old index until the swap, and the new one, complete, after it."""
        name = self.new_index_name()
        self.client.indices.create(index=name, **index_definition(name, loading=True).to_dict())
        written = 0
        try:
            for chunk in _chunks(documents, BULK_CHUNK_SIZE):
                bulk(self.client, self._actions(chunk, name), chunk_size=BULK_CHUNK_SIZE)
                written += len(chunk)
                if progress:
                    progress(len(chunk))
            self.client.indices.put_settings(index=name, settings={"refresh_interval": "1s"})
            self.client.indices.refresh(index=name)
            old = self.live_indices()
            actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
            if not old and self.client.indices.exists(index=self.alias):
                # A plain index carries the alias's name (created by hand or by an older
                # version): it goes in the same atomic step.
                actions.append({"remove_index": {"index": self.alias}})
            actions.append({"add": {"index": name, "alias": self.alias}})
            self.client.indices.update_aliases(actions=actions)
        except Exception:
            # The live index is untouched; the half-built one goes.
            self.client.indices.delete(index=name, ignore_unavailable=True)
            raise
        for index in old:
            self.client.indices.delete(index=index, ignore_unavailable=True)
        return written

    def drop(self) -> list[str]:
        """Delete every index behind the alias (the `es_index delete` command, tests)."""
        old = self.live_indices()
        for index in old:
            self.client.indices.delete(index=index, ignore_unavailable=True)
        return old
