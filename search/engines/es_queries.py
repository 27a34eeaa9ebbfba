"""The Elasticsearch engine's requests and answers, with no network: what is sent is
read in tests exactly as `Search.to_dict()` gives it.

- `build_search()` turns a `SearchQuery` into an `elasticsearch.dsl.Search`;
- `build_autocomplete()` asks for titles starting with what the reader typed;
- `build_map_points()` and `build_map_counts()` ask for what the map and the GeoJSON read
  (the matching documents' positions, and how many have none), under the same filters;
- `result_from_response()` and `point_rows()` read the cluster's answers.

Tier filtering is one clause inside every query's `bool.filter`, built from
`hub.access.search_filter_terms(user)`: its size depends on the reader's groups, never on
the number of restricted documents (wagtail#14108 builds one clause per private page).
"""

from __future__ import annotations

import datetime

from elasticsearch.dsl import Q, Search

from hub.access import search_filter_terms
from search.engines.base import (
    HIT_FIELDS,
    POINT_FIELDS,
    TOTAL_BOUND,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from search.engines.es_mapping import FACET_FIELDS
from search.text import MAX_QUERY_LENGTH, query_terms  # cut as the database engine cuts

MAX_PREFIX_LENGTH = 100
MAX_PER_PAGE = 100
# Elasticsearch refuses from + size beyond the index's max_result_window.
MAX_RESULT_WINDOW = 10_000
FACET_SIZE = 50
FRAGMENT_SIZE = 160
# The database engine's order (`search.engines.db_rank`), as boosts: a title word above
# the text, an exact place and a kind named by a word of the query above the rest.
TITLE_BOOST = 10
PLACE_BOOST = 3
KIND_BOOST = 2
DEFAULT_INDEX = "maillage-documents"


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


def _query(user, query: SearchQuery, *extra_filters) -> Q:
    """The text match (every word required) under the reader's filters."""
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
    return Q("bool", must=must, filter=[*_filters(user, query), *extra_filters], **_boosts(query))


def _boosts(query: SearchQuery) -> dict:
    """Optional clauses that only raise the score: the documents *in* the commune asked
    for, and those whose kind (« cmp », « gem »...) is a word of the query."""
    should = []
    if query.commune_codes:
        should.append(Q("terms", commune_code=list(query.commune_codes), boost=PLACE_BOOST))
    words = query_terms(bounded(query.text))
    if words:
        should.append(Q("terms", subkind=words, boost=KIND_BOOST))
        should.append(Q("terms", kind=words, boost=KIND_BOOST))
    return {"should": should} if should else {}


def build_search(user, query: SearchQuery, index: str = DEFAULT_INDEX) -> Search:
    """The search `query` sends for `user`, as an `elasticsearch.dsl.Search` (no network)."""
    text = bounded(query.text)
    search = Search(index=index).query(_query(user, query))

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
        # A document's file text (`body`) gives the snippet when its summary has no
        # matching word.
        search = search.highlight("summary", "body", "text")

    start, size = _page(query)
    # The normalised text is never shown, a file's text only through its snippet: not
    # worth sending back.
    search = search.source(excludes=["text", "body"])[start : start + size]
    # Exact up to the bound, « plus de 1 000 » beyond it, as on the database engine.
    return search.extra(track_total_hits=TOTAL_BOUND)


def build_autocomplete(user, prefix: str, limit: int, index: str = DEFAULT_INDEX):
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


# --- Answers ---------------------------------------------------------------------------------


def _date(value) -> datetime.date | None:
    if not value:
        return None
    return datetime.date.fromisoformat(str(value)[:10])


def _hit(raw: dict, near: bool) -> SearchHit:
    source = raw.get("_source", {})
    location = source.get("location") or {}
    highlight = raw.get("highlight", {})
    snippet = next(
        (
            highlight[field][0]
            for field in ("summary", "body", "text", "title")
            if highlight.get(field)
        ),
        "",
    )
    distance = None
    if near and raw.get("sort"):
        distance = float(raw["sort"][0])
    values = {name: source.get(name, "") for name in HIT_FIELDS}
    values.update(
        object_id=int(source.get("object_id", 0)),
        latitude=location.get("lat"),
        longitude=location.get("lon"),
        verified_on=_date(source.get("verified_on")),
    )
    return SearchHit(**values, distance_km=distance, highlight=snippet)


def result_from_response(body: dict, query: SearchQuery, engine: str = "elasticsearch"):
    """A `SearchResult` from the raw body of a search answer."""
    hits = body.get("hits", {})
    total = hits.get("total", 0)
    lower = False
    if isinstance(total, dict):
        lower = total.get("relation") == "gte"
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
        # The aggregations count every match: only the total is bounded.
        total_is_lower_bound=lower,
    )


# --- The map: positions and counts (no network) ---------------------------------------------

# A map asks for its points in pages of this size (Elasticsearch's result window), each
# after the last one (`search_after`), up to the caller's bound.
MAP_CHUNK = MAX_RESULT_WINDOW
PLACED = Q("exists", field="location")


def _geo_sort(query: SearchQuery) -> list:
    if query.near is None:
        return []
    latitude, longitude, _radius = query.near
    return [
        {
            "_geo_distance": {
                "location": {"lat": float(latitude), "lon": float(longitude)},
                "order": "asc",
                "unit": "km",
                "distance_type": "arc",
            }
        }
    ]


def build_map_points(
    user, query: SearchQuery, size: int, after: list | None = None, index: str = DEFAULT_INDEX
) -> Search:
    """One page of the positions of the documents matching `query` (nearest first with a
    radius), after the sort values `after` of the previous page's last hit."""
    search = Search(index=index).query(_query(user, query, PLACED))
    # (source, object_id) is unique: a stable order to page through.
    search = search.sort(*_geo_sort(query), {"source": "asc"}, {"object_id": "asc"})
    search = search.source(
        [name for name in POINT_FIELDS if name not in ("latitude", "longitude")] + ["location"]
    )
    search = search.extra(size=min(max(int(size), 1), MAP_CHUNK), track_total_hits=False)
    if after:
        search = search.extra(search_after=list(after))
    return search


def build_map_counts(user, query: SearchQuery, index: str = DEFAULT_INDEX) -> Search:
    """How many documents match `query`, and how many of them have no position."""
    search = Search(index=index).query(_query(user, query))
    search.aggs.bucket("unplaced", "filter", filter=~PLACED)
    return search.extra(size=0, track_total_hits=True)


def point_rows(body: dict) -> list[tuple]:
    """The `POINT_FIELDS` tuples of a map answer's hits."""
    rows = []
    for raw in body.get("hits", {}).get("hits", []):
        source = raw.get("_source", {})
        location = source.get("location") or {}
        if location.get("lat") is None or location.get("lon") is None:
            continue
        values = {**source, "latitude": location["lat"], "longitude": location["lon"]}
        values["object_id"] = int(values.get("object_id", 0))
        rows.append(tuple(values.get(name, "") for name in POINT_FIELDS))
    return rows
