"""The Elasticsearch engine: `SearchDocument` rows in an index with a French analyser.

- `to_es()` turns a row into the indexed body (see `es_mapping` for the fields);
- `build_search()` turns a `SearchQuery` into an `elasticsearch.dsl.Search`, with no
  network, so that tests read exactly what is sent (`.to_dict()`);
- `result_from_response()` turns the raw answer of the cluster into a `SearchResult`;
- `ElasticsearchEngine` runs them against `settings.ELASTICSEARCH_URL`, indexes in bulk and
  rebuilds into a new index behind an alias swapped at once.

Tier filtering is one clause inside the query's `bool.filter`, built from
`hub.access.search_filter_terms(user)`: its size depends on the reader's groups, never on
the number of restricted documents (wagtail#14108 builds one clause per private page).
Facet counts and autocomplete carry the same clause.

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
from elasticsearch.dsl import Q, Search
from elasticsearch.helpers import bulk

from hub.access import search_filter_terms
from search.engines.base import SearchEngine, SearchHit, SearchQuery, SearchResult
from search.engines.es_mapping import FACET_FIELDS, alias_name, index_definition
from search.text import MAX_QUERY_LENGTH  # a query is cut as the database engine cuts it

logger = logging.getLogger("maillage.search")

MAX_PREFIX_LENGTH = 100
MAX_PER_PAGE = 100
# Elasticsearch refuses from + size beyond the index's max_result_window.
MAX_RESULT_WINDOW = 10_000
FACET_SIZE = 50
FRAGMENT_SIZE = 160
TITLE_BOOST = 3
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
    body = {
        "source": document.source,
        "object_id": document.object_id,
        "kind": document.kind,
        "subkind": document.subkind,
        "subkind_label": document.subkind_label,
        "title": document.title,
        "subtitle": document.subtitle,
        "summary": document.summary,
        "url": document.url,
        "text": document.search_text,
        "commune_code": document.commune_code,
        "commune_name": document.commune_name,
        "address": document.address,
        "location": location,
        "verified_on": document.verified_on.isoformat() if document.verified_on else None,
        "access_tier": document.access_tier,
        "access_clauses": access_clauses(document),
    }
    for name in FACET_FIELDS:
        body[name] = sorted(facets.get(name, []))
    return body


# --- Queries (no network) ----------------------------------------------------------------------


def bounded(text: str, length: int = MAX_QUERY_LENGTH) -> str:
    """The query text cut to `length` characters, blanks collapsed. It only ever goes to
    `multi_match` (never `query_string`), so "AND", "*:*", quotes and brackets are plain
    words or nothing at all for the analyser."""
    return " ".join((text or "")[:length].split())


def tier_filter(user) -> Q | None:
    """What `user` may see, as one clause (None: administrators see everything): a tier
    the person reaches, and no family or instance clause without one of their groups.
    Its size depends on the reader's groups, never on the number of documents."""
    terms = search_filter_terms(user)
    if terms["all"]:
        return None
    if terms["groups"]:
        unpassed = ~Q("terms", **{"access_clauses.groups": list(terms["groups"])})
    else:
        unpassed = Q("match_all")
    return Q(
        "bool",
        filter=[Q("terms", access_tier=list(terms["tiers"]))],
        must_not=[Q("nested", path="access_clauses", query=unpassed)],
    )


def _filters(user, query: SearchQuery) -> list[Q]:
    filters = []
    tiers = tier_filter(user)
    if tiers is not None:
        filters.append(tiers)
    if query.kinds:
        filters.append(Q("terms", kind=list(query.kinds)))
    for name, values in sorted(query.facets.items()):
        # Unknown names are ignored rather than sent: they come from the URL.
        if values and name in FACET_FIELDS:
            filters.append(Q("terms", **{name: list(values)}))
    if query.commune_codes:
        filters.append(Q("terms", commune=list(query.commune_codes)))
    if query.near is not None:
        latitude, longitude, radius_km = query.near
        filters.append(
            Q(
                "geo_distance",
                distance=f"{float(radius_km)}km",
                location={"lat": float(latitude), "lon": float(longitude)},
            )
        )
    return filters


def _page(query: SearchQuery) -> tuple[int, int]:
    size = min(max(int(query.per_page), 1), MAX_PER_PAGE)
    start = (max(int(query.page), 1) - 1) * size
    # Past the window, the last reachable page is answered rather than an error.
    start = min(start, MAX_RESULT_WINDOW - size)
    return start, size


def build_search(user, query: SearchQuery, index: str = "maillage-documents") -> Search:
    """The search `query` sends for `user`, as an `elasticsearch.dsl.Search` (no network)."""
    text = bounded(query.text)
    must = [Q("match_all")]
    if text:
        must = [
            Q(
                "multi_match",
                query=text,
                fields=[f"title^{TITLE_BOOST}", "text"],
                type="best_fields",
                operator="and",
                # The fields' own French analyser, spelt out so that nobody drops it.
                analyzer="french_folded",
            )
        ]
    search = Search(index=index).query(Q("bool", must=must, filter=_filters(user, query)))

    if query.near is not None:
        latitude, longitude, _radius = query.near
        sort = [
            {
                "_geo_distance": {
                    "location": {"lat": float(latitude), "lon": float(longitude)},
                    "order": "asc",
                    "unit": "km",
                    "distance_type": "arc",
                }
            },
            "_score" if text else {"kind": "asc"},
            {"title.keyword": "asc"},
        ]
    elif text:
        sort = ["_score", {"title.keyword": "asc"}]
    else:
        sort = [{"kind": "asc"}, {"title.keyword": "asc"}]
    search = search.sort(*sort)

    for name in query.facet_names:
        if name in FACET_FIELDS:
            search.aggs.bucket(name, "terms", field=name, size=FACET_SIZE)

    if query.highlight and text:
        search = search.highlight_options(
            pre_tags=["<mark>"],
            post_tags=["</mark>"],
            # The text around the marks is escaped by Elasticsearch: the snippet is safe HTML.
            encoder="html",
            fragment_size=FRAGMENT_SIZE,
            number_of_fragments=1,
            # The summary is not queried but highlighted with the query's words: it is the
            # readable text (the indexed `text` is normalised: lower case, no accents).
            require_field_match=False,
        )
        search = search.highlight("title", number_of_fragments=0)
        search = search.highlight("summary", "text")

    start, size = _page(query)
    # The normalised text is never shown: not worth sending back.
    search = search.source(excludes=["text"])[start : start + size]
    return search.extra(track_total_hits=True)


def build_autocomplete(user, prefix: str, limit: int, index: str = "maillage-documents"):
    """Titles whose words start with what the reader typed, under the same tier clause."""
    prefix = bounded(prefix, MAX_PREFIX_LENGTH)
    filters = [clause for clause in [tier_filter(user)] if clause is not None]
    match = Q(
        "multi_match",
        query=prefix,
        type="bool_prefix",
        operator="and",
        fields=[
            "title.autocomplete",
            "title.autocomplete._2gram",
            "title.autocomplete._3gram",
        ],
    )
    search = Search(index=index).query(Q("bool", must=[match], filter=filters))
    # More than `limit`: several documents share a title (a CMP and its service...).
    size = min(max(int(limit), 1), 20) * 3
    return search.source(["title"])[:size]


# --- Answers --------------------------------------------------------------------------------


def _date(value) -> datetime.date | None:
    if not value:
        return None
    return datetime.date.fromisoformat(str(value)[:10])


def _hit(raw: dict, near: bool) -> SearchHit:
    source = raw.get("_source", {})
    location = source.get("location") or {}
    highlight = raw.get("highlight", {})
    snippet = next(
        (highlight[field][0] for field in ("summary", "text", "title") if highlight.get(field)),
        "",
    )
    distance = None
    if near and raw.get("sort"):
        distance = float(raw["sort"][0])
    return SearchHit(
        source=source.get("source", ""),
        object_id=int(source.get("object_id", 0)),
        kind=source.get("kind", ""),
        subkind=source.get("subkind", ""),
        subkind_label=source.get("subkind_label", ""),
        title=source.get("title", ""),
        subtitle=source.get("subtitle", ""),
        summary=source.get("summary", ""),
        url=source.get("url", ""),
        commune_code=source.get("commune_code", ""),
        commune_name=source.get("commune_name", ""),
        address=source.get("address", ""),
        latitude=location.get("lat"),
        longitude=location.get("lon"),
        verified_on=_date(source.get("verified_on")),
        distance_km=distance,
        highlight=snippet,
    )


def result_from_response(body: dict, query: SearchQuery, engine: str = "elasticsearch"):
    """A `SearchResult` from the raw body of a search answer."""
    hits = body.get("hits", {})
    total = hits.get("total", 0)
    if isinstance(total, dict):
        total = total.get("value", 0)
    aggregations = body.get("aggregations", {})
    facets = {}
    for name in query.facet_names:
        if name in FACET_FIELDS:
            buckets = aggregations.get(name, {}).get("buckets", [])
            facets[name] = [(str(b["key"]), int(b["doc_count"])) for b in buckets]
    return SearchResult(
        total=int(total),
        hits=[_hit(raw, query.near is not None) for raw in hits.get("hits", [])],
        facets=facets,
        engine=engine,
    )


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
