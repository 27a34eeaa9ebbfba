"""Bounded retrieval and ranking of the database engine (issue 19).

Why: counting and ranking every match of a common word (114,000 FTS5 matches of
« logement » among 200,000 documents) cost seconds, while reading the first thousand
costs milliseconds. So a text query never reads more than about `TOTAL_BOUND` matching
rows, and never sorts them in SQL:

1. candidates: at most TOTAL_BOUND + 1 matching documents (light columns only), the
   documents whose *title* holds every word first, then the other matches; their number
   is the total when it is within the bound, « plus de 1 000 » beyond it;
2. a text score from the database when it is cheap: SQLite's `bm25()` with column
   weights (title, subtitle, text) when the FTS5 match itself is small and drives the
   query (bm25 reads every match of each word to weigh it), PostgreSQL's weighted
   `ts_rank` when the candidates are few (it builds their vectors);
3. the order, in Python over the candidates: words found in the title, then in the
   subtitle, an exact place (the document is in the commune asked for, or its commune is
   a word of the query), the kind named by a word (« cmp », « gem »...), then the
   database's score, then the title. The Elasticsearch engine asks for the same order
   with field boosts (`search.engines.es_queries`).
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection

from search.engines.base import TOTAL_BOUND, SearchQuery
from search.models import SearchDocument
from search.text import normalize

# What the order needs of each candidate (never the long text).
LIGHT = ("pk", "title", "subtitle", "kind", "subkind", "commune_code", "commune_name")
# bm25() is asked for only when the FTS5 match has at most this many rows.
RANK_SCAN = 2000
# ts_rank is asked for only for at most this many candidates.
RANK_BOUND = 300
# Weights of the order (see the module's docstring); a title word outweighs any sum of
# the others, a subtitle word outweighs place + kind + text score.
TITLE, SUBTITLE, PLACE, KIND = 10.0, 7.0, 3.0, 2.0
# bm25 column weights, in the FTS5 table's column order (search_text, title, subtitle).
BM25_WEIGHTS = (1.0, 10.0, 4.0)
# ts_rank weights {D, C, B, A}: text (D), subtitle (B), title (A).
TS_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
FTS = "maillage_search_fts"
TABLE = SearchDocument._meta.db_table


class Candidates:
    """The ranked candidates of a text query: their ids in result order, and the total."""

    def __init__(self, ids: list[int], total: int, lower_bound: bool):
        self.ids, self.total, self.lower_bound = ids, total, lower_bound


def fts_match(terms: list[str], column: str | None = None) -> str:
    prefix = f"{{{column}}}: " if column else ""
    return " AND ".join(f'{prefix}"{term}"*' for term in terms)


def tsquery(terms: list[str]) -> str:
    return " & ".join(f"{term}:*" for term in terms)


def _where(queryset):
    """The WHERE clause of `queryset` (the reader's filters, kinds, places, facets), as
    SQL on the documents table, to put under a query that the FTS5 table drives."""
    query = queryset.query.clone()
    compiler = query.get_compiler(connection=connection)
    try:
        return compiler.compile(query.where)
    except FullResultSet:
        return "1", []


def _sqlite_rows(queryset, match: str, limit: int) -> list[dict]:
    """At most `limit` rows of `queryset` matching `match`, read in the FTS5 table's order
    (CROSS JOIN: the match drives, the other filters are checked per row), so that a
    common word stops after `limit` rows instead of listing all its matches first."""
    try:
        where, params = _where(queryset)
    except EmptyResultSet:
        return []
    columns = ", ".join(f'"{TABLE}"."{"id" if name == "pk" else name}"' for name in LIGHT)
    sql = (
        f'SELECT {columns} FROM {FTS} CROSS JOIN "{TABLE}" '
        f'ON "{TABLE}"."id" = {FTS}.rowid WHERE {FTS} MATCH %s AND ({where}) LIMIT %s'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, *params, limit])
        return [dict(zip(LIGHT, row, strict=True)) for row in cursor.fetchall()]


def _postgres_rows(queryset, column: str, terms: list[str], limit: int) -> list[dict]:
    condition = (
        f'to_tsvector(\'french_unaccent\'::regconfig, "{TABLE}"."{column}") '
        "@@ to_tsquery('french_unaccent'::regconfig, %s)"
    )
    matched = queryset.extra(where=[condition], params=[tsquery(terms)])  # noqa: S610
    return list(matched.order_by().values(*LIGHT)[:limit])


def _bm25(terms: list[str], ids: list[int]) -> dict[int, float]:
    """bm25 of these candidates, when the FTS5 match is small enough to weigh."""
    match = fts_match(terms)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s LIMIT %s)",
            [match, RANK_SCAN + 1],
        )
        if cursor.fetchone()[0] > RANK_SCAN:
            return {}
        # "+rowid": the list filters the match's rows; as a constraint, FTS5 would run
        # the match once per id.
        marks = ", ".join(["%s"] * len(ids))
        cursor.execute(
            f"SELECT rowid, bm25({FTS}, %s, %s, %s) FROM {FTS} "
            f"WHERE {FTS} MATCH %s AND +rowid IN ({marks})",
            [*BM25_WEIGHTS, match, *ids],
        )
        # bm25 is negative, better when lower.
        return {rowid: -score for rowid, score in cursor.fetchall()}


def _ts_rank(terms: list[str], ids: list[int]) -> dict[int, float]:
    vector = (
        "setweight(to_tsvector('french_unaccent'::regconfig, title), 'A') || "
        "setweight(to_tsvector('french_unaccent'::regconfig, subtitle), 'B') || "
        "setweight(to_tsvector('french_unaccent'::regconfig, search_text), 'D')"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, ts_rank(%s::float4[], {vector}, "
            f"to_tsquery('french_unaccent'::regconfig, %s)) FROM \"{TABLE}\" WHERE id = ANY(%s)",
            [TS_WEIGHTS, tsquery(terms), list(ids)],
        )
        return dict(cursor.fetchall())


def _fold_table() -> dict[int, str]:
    """`search.text.normalize` as one `str.translate` table for the letters of French
    and its neighbours (a thousand titles are ordered per query: `normalize` took most
    of a broad query's time). Letters without accent and digits stay, accented letters
    lose their accents, ligatures are spelt out, every other character is a space."""
    table = {}
    for code in range(0x250):
        char = chr(code)
        if char.isalnum():
            folded = normalize(char)
            if folded != char:
                table[code] = folded
        else:
            table[code] = " "
    return table


_FOLD = _fold_table()


def _words(text: str) -> str:
    """` ` + the text folded (lower case, no accents, punctuation as spaces)."""
    return " " + text.lower().translate(_FOLD)


def _found(terms: list[str], spaced: str) -> int:
    return sum(1 for term in terms if f" {term}" in spaced)


def order(
    rows: list[dict],
    terms: list[str],
    query: SearchQuery,
    scores: dict[int, float],
    titled: set[int] = frozenset(),
):
    """The candidates in result order (see the module's docstring). `titled`: the
    candidates already known to hold every word in their title (not folded again)."""
    codes = set(query.commune_codes)
    places: dict[str, bool] = {}

    def key(row):
        kind_words = f" {row['kind']} {row['subkind'].replace('-', ' ')}"
        name = row["commune_name"]
        if name not in places:
            places[name] = _found(terms, _words(name)) > 0
        place = row["commune_code"] in codes or places[name]
        in_title = len(terms) if row["pk"] in titled else _found(terms, _words(row["title"]))
        in_subtitle = _found(terms, _words(row["subtitle"])) if row["subtitle"] else 0
        score = scores.get(row["pk"], 0.0)
        total = (
            TITLE * in_title
            + SUBTITLE * in_subtitle
            + PLACE * place
            + KIND * (_found(terms, kind_words) > 0)
            + score / (1.0 + score)  # the database's score, squashed under 1
        )
        return (-total, row["title"].lower(), row["pk"])

    return sorted(rows, key=key)


def candidates(base, query: SearchQuery, terms: list[str], selective_rows=None) -> Candidates:
    """The ranked candidates of a text query. `base`: the documents the reader may see
    under the query's kinds, places and facets (no text yet). `selective_rows`: when a
    place or a facet narrows the documents, their matching rows are read through
    `with_text(selective=True)` by the caller (a callable taking a limit)."""
    limit = TOTAL_BOUND + 1
    vendor = connection.vendor
    titled_ids = frozenset()
    if selective_rows is not None or vendor not in ("sqlite", "postgresql"):
        rows = selective_rows(limit)
        matched = len(rows)
    else:
        if vendor == "sqlite":
            titled = _sqlite_rows(base, fts_match(terms, "title"), limit)
        else:
            titled = _postgres_rows(base, "title", terms, limit)
        titled_ids = frozenset(row["pk"] for row in titled)
        if len(titled) >= limit:
            rows, matched = titled, limit
        else:
            if vendor == "sqlite":
                every = _sqlite_rows(base, fts_match(terms), limit)
            else:
                every = _postgres_rows(base, "search_text", terms, limit)
            seen = {row["pk"] for row in titled}
            rows = titled + [row for row in every if row["pk"] not in seen]
            matched = max(len(every), len(rows))
    ids = [row["pk"] for row in rows]
    scores = {}
    if ids and vendor == "sqlite" and len(ids) <= RANK_BOUND and selective_rows is None:
        # Not when a place narrowed the documents: bm25 would read every match of a
        # common word in the whole index to rank a few documents of one commune.
        scores = _bm25(terms, ids)
    elif ids and vendor == "postgresql" and len(ids) <= RANK_BOUND:
        scores = _ts_rank(terms, ids)
    ranked = [row["pk"] for row in order(rows, terms, query, scores, titled_ids)]
    lower = matched > TOTAL_BOUND
    return Candidates(ranked, TOTAL_BOUND if lower else matched, lower)
