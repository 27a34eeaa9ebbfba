"""The database engine, the embedded default: the `SearchDocument` table is the index.

- Text: SQLite's FTS5 table, or PostgreSQL's full-text search with the `french_unaccent`
  configuration (migration 0002). Each query word must be present, as a word prefix
  (FTS5) or a French stem prefix (PostgreSQL), so "logements" finds "logement",
  "hebergement" finds "Hébergement" and "acces" finds "accès". Other databases fall back
  to `LIKE` on the normalised text.
- Tiers: one `WHERE` clause from `hub.access.search_filter_terms` (a tier list, and one
  `NOT EXISTS` on the document's unpassed group clauses), whatever the number of
  restricted documents.
- Facets: `pk IN (facet index look-up)` per facet; counts in one grouped query over the
  matching documents.
- Places: the "commune" facet; a radius is a bounding box on the indexed position, then
  an exact-enough flat-earth distance, ordered.
- Bounds (issue 19): a query reads at most TOTAL_BOUND + 1 matching rows to count, rank
  and count facets (« plus de 1 000 » beyond); text queries are ranked in
  `search.engines.db_rank` (title, subtitle, place, kind, bm25 / ts_rank).
"""

from __future__ import annotations

import json
import math
import re

from django.db import connection
from django.db.models import Case, Count, Exists, F, OuterRef, Q, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

from hub.access import search_filter_terms
from search.engines import db_rank
from search.engines.base import (
    HIT_FIELDS,
    POINT_FIELDS,
    TOTAL_BOUND,
    MapCounts,
    MapPoints,
    SearchEngine,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from search.models import SearchDocument, SearchDocumentGroup, SearchFacet
from search.text import normalize, query_terms

KM_PER_DEGREE = 111.32
EARTH_RADIUS_KM = 6371.0
SNIPPET_LENGTH = 200


def visible(user, queryset=None):
    """Documents `user` may see, filtered in SQL: their tier is one the person reaches,
    and none of their family or instance clauses lacks one of the person's groups. The
    filter has the same shape whatever the number of restricted documents."""
    queryset = SearchDocument.objects.all() if queryset is None else queryset
    terms = search_filter_terms(user)
    if terms["all"]:
        return queryset
    queryset = queryset.filter(access_tier__in=terms["tiers"])
    if not set(terms["tiers"]) & {"family", "instance"}:
        # Only family or instance documents have group clauses: none can be left here.
        return queryset
    clause_rows = SearchDocumentGroup.objects.filter(document=OuterRef("pk"))
    # A clause is passed when one of its rows names one of the person's groups.
    passed = SearchDocumentGroup.objects.filter(
        document=OuterRef("document"), clause=OuterRef("clause"), group_id__in=terms["groups"]
    )
    failed = clause_rows.exclude(Exists(passed)) if terms["groups"] else clause_rows
    # Public and partners documents have no clause to probe: only the others are.
    return queryset.filter(
        Q(access_tier__in=["public", "partners"])
        | Q(access_tier__in=["family", "instance"]) & ~Exists(failed)
    )


def with_facet(queryset, name, values, probe=False):
    """Documents carrying one of `values` for the facet `name`.

    The first, most selective filter is "pk IN (ids from the facet index)": the database
    reads the index and fetches documents by key. Once a place has narrowed the documents
    to few (`probe`), the other facets are checked per document (a correlated EXISTS,
    one index probe each) rather than listing every document of a common value."""
    facet = SearchFacet.objects.filter(name=name, value__in=values)
    if probe:
        return queryset.filter(Exists(facet.filter(document=OuterRef("pk"))))
    return queryset.filter(pk__in=facet.values("document_id"))


def with_text(queryset, text, selective=False):
    """Documents containing every word of `text` (as a word prefix).

    `selective` says that other filters (a commune, a radius, facets) already narrow the
    documents to few: on SQLite these are then read first and their text tested with
    LIKE on word starts (same meaning as the FTS5 prefix query), rather than listing every
    FTS5 match of a common word (83,000 for « logement » among 200,000 documents)."""
    terms = query_terms(text)
    if not terms:
        return queryset
    vendor = connection.vendor
    if vendor == "sqlite" and selective:
        queryset = queryset.annotate(
            _spaced_text=Concat(Value(" "), "search_text", output_field=TextField())
        )
        for term in terms:
            queryset = queryset.filter(_spaced_text__contains=f" {term}")
        return queryset
    if vendor == "sqlite":
        match = " AND ".join(f'"{term}"*' for term in terms)
        return queryset.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM maillage_search_fts WHERE maillage_search_fts MATCH %s",
                [match],
            )
        )
    if vendor == "postgresql":
        tsquery = " & ".join(f"{term}:*" for term in terms)
        return queryset.filter(
            pk__in=RawSQL(
                "SELECT id FROM maillage_search_searchdocument WHERE "
                "to_tsvector('french_unaccent'::regconfig, search_text) "
                "@@ to_tsquery('french_unaccent'::regconfig, %s)",
                [tsquery],
            )
        )
    for term in terms:
        queryset = queryset.filter(search_text__contains=term)
    return queryset


def with_places(queryset, query: SearchQuery):
    if query.commune_codes:
        queryset = with_facet(queryset, "commune", query.commune_codes)
    if query.near is None:
        return queryset
    lat0, lng0, radius = query.near
    cos0 = math.cos(math.radians(lat0))
    dlat = radius / KM_PER_DEGREE
    dlng = dlat / max(cos0, 0.01)
    return (
        queryset.filter(
            latitude__range=(lat0 - dlat, lat0 + dlat),
            longitude__range=(lng0 - dlng, lng0 + dlng),
        )
        .annotate(
            distance2=(F("latitude") - lat0) * (F("latitude") - lat0)
            + (F("longitude") - lng0) * (F("longitude") - lng0) * (cos0 * cos0)
        )
        .filter(distance2__lte=dlat * dlat)
    )


def matching(user, query: SearchQuery):
    """The documents matching `query` that `user` may see, in result order."""
    documents = visible(user)
    if query.kinds:
        documents = documents.filter(kind__in=query.kinds)
    # The place first: SQL databases read the first selective condition's index, and a
    # commune or a radius is the narrowest one.
    documents = with_places(documents, query)
    placed = bool(query.commune_codes or query.near)
    facets = [(name, values) for name, values in query.facets.items() if values]
    documents = with_text(documents, query.text, selective=placed or bool(facets))
    for index, (name, values) in enumerate(facets):
        documents = with_facet(documents, name, values, probe=placed or index > 0)
    if query.near is not None:
        return documents.order_by("distance2", "title", "pk")
    return documents.order_by("kind", "title", "pk")


def useful_order(documents, query: SearchQuery):
    """Without words: the documents *in* the commune asked for before those covering or
    serving it, then by kind and title (an index read, never a sort of every match)."""
    if not query.commune_codes:
        return documents
    here = Case(When(commune_code__in=query.commune_codes, then=Value(0)), default=Value(1))
    return documents.annotate(_elsewhere=here).order_by("_elsewhere", "kind", "title", "pk")


def _id_list():
    """SQL for "one of the ids of this one parameter": a thousand ids as one JSON (SQLite)
    or array (PostgreSQL) parameter, rather than a thousand parameters for the ORM to
    prepare."""
    if connection.vendor == "sqlite":
        return "IN (SELECT value FROM json_each(%s))", json.dumps
    if connection.vendor == "postgresql":
        return "= ANY(%s)", list
    return None, None


def facet_counts_of(ids: list[int], names) -> dict[str, list[tuple[str, int]]]:
    """`facet_counts` over these documents (the bounded candidates of a query)."""
    condition, packed = _id_list()
    if condition is None:
        return facet_counts(SearchDocument.objects.filter(pk__in=ids), names)
    counted = {name: [] for name in names}
    facet_names = [name for name in names if name != "kind"]
    with connection.cursor() as cursor:
        if facet_names:
            marks = ", ".join(["%s"] * len(facet_names))
            cursor.execute(
                f"SELECT name, value, count(*) FROM {SearchFacet._meta.db_table} "
                f"WHERE name IN ({marks}) AND document_id {condition} GROUP BY name, value",
                [*facet_names, packed(ids)],
            )
            for name, value, count in cursor.fetchall():
                counted[name].append((value, count))
        if "kind" in names:
            cursor.execute(
                f"SELECT kind, count(*) FROM {SearchDocument._meta.db_table} "
                f"WHERE id {condition} GROUP BY kind",
                [packed(ids)],
            )
            counted["kind"] = cursor.fetchall()
    return {
        name: sorted(pairs, key=lambda pair: (-pair[1], pair[0])) for name, pairs in counted.items()
    }


def facet_counts(documents, names) -> dict[str, list[tuple[str, int]]]:
    """Counts per value of each facet over the matching documents; the pseudo-facet
    "kind" counts the documents' own kind (structure, chapter...)."""
    counted = {name: [] for name in names}
    facet_names = [name for name in names if name != "kind"]
    if facet_names:
        rows = (
            SearchFacet.objects.filter(
                name__in=facet_names, document__in=documents.order_by().values("pk")
            )
            .values("name", "value")
            .annotate(count=Count("id"))
            .order_by()
        )
        for row in rows:
            counted[row["name"]].append((row["value"], row["count"]))
    if "kind" in names:
        rows = documents.order_by().values("kind").annotate(count=Count("id"))
        counted["kind"] = [(row["kind"], row["count"]) for row in rows]
    return {
        name: sorted(pairs, key=lambda pair: (-pair[1], pair[0])) for name, pairs in counted.items()
    }


def great_circle_km(lat1, lng1, lat2, lng2) -> float:
    lat1, lng1, lat2, lng2 = map(math.radians, (lat1, lng1, lat2, lng2))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


_WORD = re.compile(r"\w+", re.UNICODE)


def highlight(text: str, terms: list[str], length: int = SNIPPET_LENGTH) -> str:
    """`text` escaped, cut around the first matching word, the words starting with a query
    term wrapped in <mark>."""
    if not text:
        return ""
    words = list(_WORD.finditer(text))
    hits = [m for m in words if any(normalize(m.group()).startswith(t) for t in terms)]
    start = 0
    if hits and hits[0].start() > length // 2:
        start = text.rfind(" ", 0, hits[0].start() - length // 4) + 1
    end = min(len(text), start + length)
    parts, cursor = [], start
    for match in hits:
        if match.start() < start or match.end() > end:
            continue
        parts.append(escape(text[cursor : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        cursor = match.end()
    parts.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # every part is escaped.


# A file's text is searched for the first query word window by window: normalising a
# window is one call, word by word would be thousands.
PASSAGE_WINDOW = 2000


def passage(text: str, terms: list[str]) -> tuple[str, bool] | None:
    """The window of a long text where a query word first starts, and whether text comes
    before it; None when no word of the text starts with a query term."""
    for start in range(0, len(text), PASSAGE_WINDOW):
        # The window reaches into the next one, so that a word across the cut is whole.
        window = text[start : start + PASSAGE_WINDOW + 100]
        folded = f" {normalize(window)}"
        if any(f" {term}" in folded for term in terms):
            return window, start > 0
    return None


def snippet(hit: SearchHit, body: str, terms: list[str]) -> str:
    """The summary with its matching words marked; for a document whose summary has none,
    the passage of its file's text where they are."""
    folded = f" {normalize(hit.summary)}"
    if body and not any(f" {term}" in folded for term in terms):
        found = passage(body, terms)
        if found is not None:
            window, cut = found
            marked = highlight(window, terms)
            if cut and not marked.startswith("…"):
                marked = mark_safe(f"… {marked}")  # highlight() escapes every part.
            return marked
    return highlight(hit.summary or hit.title, terms)


class DatabaseEngine(SearchEngine):
    name = "database"

    def search(self, user, query: SearchQuery) -> SearchResult:
        """One page of results, read within bounds (issue 19): at most TOTAL_BOUND + 1
        matching rows are read to count, rank and count facets, whatever the number of
        matches; beyond the bound the total is a lower bound and the facets a sample."""
        terms = query_terms(query.text)
        start = (max(query.page, 1) - 1) * query.per_page
        marked = terms if query.highlight else []
        # A document's file text only when a snippet is asked for.
        fields = [*HIT_FIELDS, "body"] if marked else HIT_FIELDS
        if terms and query.near is None:
            found = self._ranked(user, query, terms)
            ids, total, lower = found.ids, found.total, found.lower_bound
            page_ids = ids[start : start + query.per_page]
            by_id = {
                row.pop("pk"): row
                for row in SearchDocument.objects.filter(pk__in=page_ids).values("pk", *fields)
            }
            rows = [by_id[pk] for pk in page_ids if pk in by_id]
        else:
            # A radius (nearest first), or no word to search on (none typed, or only
            # words too common: the most useful entries of the place first).
            documents = matching(user, query)
            if not terms and query.near is None:
                documents = useful_order(documents, query)
            ids = list(documents.order_by().values_list("pk", flat=True)[: TOTAL_BOUND + 1])
            lower = len(ids) > TOTAL_BOUND
            total = min(len(ids), TOTAL_BOUND)
            rows = list(documents.values(*fields)[start : start + query.per_page])
        hits = []
        for row in rows:
            body = row.pop("body", "")
            hit = SearchHit(**row)
            if query.near is not None and hit.latitude is not None:
                hit.distance_km = great_circle_km(
                    query.near[0], query.near[1], hit.latitude, hit.longitude
                )
            if marked:
                hit.highlight = snippet(hit, body, marked)
            hits.append(hit)
        facets = facet_counts_of(ids, query.facet_names) if query.facet_names else {}
        return SearchResult(
            total=total,
            hits=hits,
            facets=facets,
            engine=self.name,
            total_is_lower_bound=lower,
            facets_sampled=lower and bool(facets),
        )

    def _ranked(self, user, query: SearchQuery, terms: list[str]) -> db_rank.Candidates:
        base = visible(user)
        if query.kinds:
            base = base.filter(kind__in=query.kinds)
        selective = None
        narrowed = query.commune_codes or any(query.facets.values())
        if narrowed or connection.vendor not in ("sqlite", "postgresql"):
            # A place or a facet narrows the documents: they are read first (`matching`);
            # other databases have no full-text index to drive the query.
            def selective(limit):
                rows = matching(user, query).order_by().values(*db_rank.LIGHT)
                return list(rows[:limit])

        return db_rank.candidates(base, query, terms, selective)

    def autocomplete(self, user, prefix: str, limit: int = 8) -> list[str]:
        if not query_terms(prefix):
            return []
        documents = with_text(visible(user), prefix).order_by("title")
        return list(documents.values_list("title", flat=True).distinct()[:limit])

    def map_points(self, user, query: SearchQuery, limit: int) -> MapPoints:
        documents = matching(user, query).filter(latitude__isnull=False, longitude__isnull=False)
        if query.near is None:
            # A map has no order; sorting 20,000 rows costs a third of the query. With a
            # radius, the nearest come first, so that a cut keeps them.
            documents = documents.order_by()
        # One row more than the bound tells whether the points are cut.
        rows = list(documents.values_list(*POINT_FIELDS)[: limit + 1])
        return MapPoints(rows=rows[:limit], truncated=len(rows) > limit)

    def map_counts(self, user, query: SearchQuery) -> MapCounts:
        counts = (
            matching(user, query)
            .order_by()
            .aggregate(total=Count("pk"), unplaced=Count("pk", filter=Q(latitude__isnull=True)))
        )
        return MapCounts(total=counts["total"], unplaced=counts["unplaced"])

    # The documents table is the index: the FTS5 triggers and the PostgreSQL expression
    # index follow its rows, so there is nothing more to write.
    def index_documents(self, documents) -> None:
        return None

    def delete_documents(self, keys) -> None:
        return None

    def rebuild(self, documents, progress=None) -> int:
        count = 0
        for _document in documents:
            count += 1
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO maillage_search_fts(maillage_search_fts) VALUES ('rebuild')"
                )
        return count
