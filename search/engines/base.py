"""The interface every search engine implements, and the values it exchanges.

An engine answers a `SearchQuery` for one user with a `SearchResult`. It must:
- filter by tier *inside* its query, from `hub.access.search_filter_terms(user)` (never
  after it, never one clause per restricted document); facet counts and autocomplete obey
  the same filter;
- count facets on the matching documents (a value's count is the number of matching
  documents carrying it; filters are AND across facets and OR within one facet);
- answer the map and the GeoJSON (`map_points`, `map_counts`) from the same matching
  documents as `search`, so that the list, the map's counts and its markers agree;
- keep documents in step with the `search.models.SearchDocument` rows, which are the
  source of truth: `index_documents()` and `delete_documents()` receive them after commit.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

# The facets shown to readers, in this order (names of `SearchFacet.Name`).
FACETS = ["type", "thematique", "public", "famille", "territoire"]
# Totals are exact up to this bound and « plus de 1 000 » beyond it: counting every match
# of a common word is what made broad queries slow (issue 19). Beyond the bound, facet
# counts are made over the first matches only (`SearchResult.facets_sampled`).
TOTAL_BOUND = 1000


@dataclass
class SearchQuery:
    text: str = ""
    # Restrict to these document kinds (`SearchDocument.Kind` values); empty = all.
    kinds: list[str] = field(default_factory=list)
    # name -> values: OR within a facet, AND across facets.
    facets: dict[str, list[str]] = field(default_factory=dict)
    # Documents in, covering or serving any of these INSEE codes (the "commune" facet).
    commune_codes: list[str] = field(default_factory=list)
    # (latitude, longitude, radius in km): within the radius, ordered by distance.
    near: tuple[float, float, float] | None = None
    page: int = 1
    per_page: int = 20
    # Facets to count; "kind" is a pseudo-facet counting the documents' own kind.
    facet_names: list[str] = field(default_factory=lambda: list(FACETS))
    highlight: bool = False


@dataclass
class SearchHit:
    source: str
    object_id: int
    kind: str
    subkind: str
    subkind_label: str
    title: str
    subtitle: str
    summary: str
    url: str
    commune_code: str
    commune_name: str
    address: str
    latitude: float | None
    longitude: float | None
    verified_on: datetime.date | None
    distance_km: float | None = None
    # Safe HTML: the matching words of the text wrapped in <mark>, everything else escaped.
    highlight: str = ""


# The fields of a hit that a document has (the others are computed for the query).
HIT_FIELDS = [
    name for name in SearchHit.__dataclass_fields__ if name not in ("distance_km", "highlight")
]


@dataclass
class SearchResult:
    total: int
    hits: list[SearchHit]
    # name -> [(value, count)], most frequent first.
    facets: dict[str, list[tuple[str, int]]]
    engine: str
    # True when the selected engine failed and another one answered (the page says the
    # results may be incomplete).
    degraded: bool = False
    # More than `total` documents match (`total` is then TOTAL_BOUND): « plus de 1 000 ».
    total_is_lower_bound: bool = False
    # The facet counts were made over the first TOTAL_BOUND or so matches, not all.
    facets_sampled: bool = False


# The fields of a map point, in this order: what the GeoJSON writes of each marker.
POINT_FIELDS = (
    "source",
    "object_id",
    "kind",
    "subkind_label",
    "title",
    "subtitle",
    "url",
    "commune_name",
    "longitude",
    "latitude",
)


@dataclass
class MapPoints:
    # One `POINT_FIELDS` tuple per matching document with a position, at most the limit
    # asked for; nearest first when the query has a radius, in no set order otherwise.
    rows: list[tuple]
    # More documents with a position matched than the limit.
    truncated: bool = False
    degraded: bool = False


@dataclass
class MapCounts:
    # The matching documents (as `SearchResult.total`), and those without a position.
    total: int
    unplaced: int
    degraded: bool = False


class SearchEngine:
    name = "base"

    def search(self, user, query: SearchQuery) -> SearchResult:
        raise NotImplementedError

    def autocomplete(self, user, prefix: str, limit: int = 8) -> list[str]:
        """Titles starting with (or whose words start with) `prefix`, visible to `user`."""
        raise NotImplementedError

    def map_points(self, user, query: SearchQuery, limit: int) -> MapPoints:
        """The positions of the documents matching `query` that `user` may see (paging and
        facet counts of the query are ignored), at most `limit` of them."""
        raise NotImplementedError

    def map_counts(self, user, query: SearchQuery) -> MapCounts:
        """How many documents match `query` for `user`, and how many have no position."""
        raise NotImplementedError

    def index_documents(self, documents: Iterable) -> None:
        """Write these `SearchDocument` rows (with their facets and groups prefetched)."""
        raise NotImplementedError

    def delete_documents(self, keys: Iterable[tuple[str, int]]) -> None:
        """Remove the documents of these (source, object_id) pairs."""
        raise NotImplementedError

    def rebuild(self, documents: Iterable, progress=None) -> int:
        """Replace the whole index by these documents; returns how many were written."""
        raise NotImplementedError
