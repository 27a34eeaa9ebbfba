"""Broad queries on the database engine (issue 19): totals exact up to a bound and
« plus de 1 000 » beyond it, facet counts over the first matches then, ranking (title,
subtitle, place, kind) and queries of only stop words, through the engine and over HTTP.

Documents are written straight into the search tables: the engine reads only those."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from search.engines.base import TOTAL_BOUND, SearchQuery
from search.engines.database import DatabaseEngine
from search.engines.db_rank import order
from search.models import SearchDocument, SearchFacet
from search.text import normalize

pytestmark = pytest.mark.django_db
READER = AnonymousUser()


def write(count, *, start=0, title="Accueil {n}", words="zorglub", kind="structure", **extra):
    documents = SearchDocument.objects.bulk_create(
        [
            SearchDocument(
                source="tests.broad",
                object_id=start + n,
                kind=kind,
                title=title.format(n=start + n),
                url=f"/annuaire/essai-{start + n}/",
                search_text=normalize(title.format(n=start + n), words),
                access_tier="public",
                **extra,
            )
            for n in range(count)
        ]
    )
    SearchFacet.objects.bulk_create(
        [SearchFacet(document=doc, name="thematique", value="sante") for doc in documents]
    )
    return documents


def search(**query):
    return DatabaseEngine().search(READER, SearchQuery(**query))


def test_a_total_within_the_bound_is_exact_with_exact_facet_counts():
    write(TOTAL_BOUND - 1)
    result = search(text="zorglub")
    assert result.total == TOTAL_BOUND - 1
    assert not result.total_is_lower_bound and not result.facets_sampled
    assert dict(result.facets["thematique"]) == {"sante": TOTAL_BOUND - 1}


def test_beyond_the_bound_the_total_is_a_lower_bound_and_the_facets_a_sample():
    write(TOTAL_BOUND + 5)
    result = search(text="zorglub")
    assert result.total == TOTAL_BOUND and result.total_is_lower_bound
    assert result.facets_sampled
    # Counted over the first matches only: never more than were read.
    (count,) = [count for value, count in result.facets["thematique"] if value == "sante"]
    assert TOTAL_BOUND <= count <= 2 * TOTAL_BOUND + 2
    # Without words, the listing is bounded the same way.
    listing = search(kinds=["structure"])
    assert listing.total == TOTAL_BOUND and listing.total_is_lower_bound


def test_pages_of_a_broad_query_are_disjoint_and_reach_the_bound():
    write(TOTAL_BOUND + 5)
    first = {hit.object_id for hit in search(text="zorglub", page=1).hits}
    second = {hit.object_id for hit in search(text="zorglub", page=2).hits}
    last = search(text="zorglub", page=TOTAL_BOUND // 20).hits
    assert len(first) == len(second) == 20 and not first & second
    assert len(last) == 20


def test_a_broad_query_takes_its_title_matches_first_even_written_last():
    write(TOTAL_BOUND + 5, title="Accueil {n}", words="zorglub")
    write(3, start=5000, title="Maison Zorglub {n}", words="")
    titles = [hit.title for hit in search(text="zorglub").hits]
    assert titles[:3] == ["Maison Zorglub 5000", "Maison Zorglub 5001", "Maison Zorglub 5002"]


def test_title_above_subtitle_above_text_then_place_then_kind():
    rows = [
        {"pk": 1, "title": "Accueil", "subtitle": "", "kind": "structure", "subkind": "",
         "commune_code": "57672", "commune_name": "Thionville"},
        {"pk": 2, "title": "Accueil", "subtitle": "CMP", "kind": "service", "subkind": "",
         "commune_code": "57672", "commune_name": "Thionville"},
        {"pk": 3, "title": "CMP Nord", "subtitle": "", "kind": "structure", "subkind": "cmp",
         "commune_code": "57672", "commune_name": "Thionville"},
        {"pk": 4, "title": "CMP Sud", "subtitle": "", "kind": "structure", "subkind": "cmp",
         "commune_code": "57463", "commune_name": "Metz"},
        {"pk": 5, "title": "CMP Est", "subtitle": "", "kind": "structure", "subkind": "gem",
         "commune_code": "57463", "commune_name": "Metz"},
        {"pk": 6, "title": "Accueil", "subtitle": "", "kind": "structure", "subkind": "",
         "commune_code": "57463", "commune_name": "Metz"},
    ]  # fmt: skip
    query = SearchQuery(text="cmp", commune_codes=["57463"])
    ranked = [row["pk"] for row in order(rows, ["cmp"], query, {})]
    # Titles (place, then kind), then the subtitle, then text only (place first).
    assert ranked == [4, 5, 3, 2, 6, 1]
    # The place may also be a word of the query.
    ranked = [row["pk"] for row in order(rows, ["cmp", "metz"], SearchQuery(), {})]
    assert ranked[:2] == [4, 5]
    # The database's text score only breaks ties.
    ranked = [row["pk"] for row in order(rows[:1] + rows[5:], ["cmp"], SearchQuery(), {1: 9.0})]
    assert ranked == [1, 6]


@pytest.mark.parametrize("text", ["le de la", "?!", "« »", "d'", "   "])
def test_stop_words_alone_list_the_place_without_error_nor_full_count(text):
    write(TOTAL_BOUND + 5)
    write(2, start=9000, title="Ici {n}", commune_code="57463", commune_name="Metz")
    SearchFacet.objects.bulk_create(
        [
            SearchFacet(document=doc, name="commune", value="57463")
            for doc in SearchDocument.objects.filter(object_id__gte=9000)
        ]
    )
    result = search(text=text)
    assert result.total == TOTAL_BOUND and result.total_is_lower_bound and result.hits
    here = search(text=text, commune_codes=["57463"])
    assert here.total == 2 and [hit.title for hit in here.hits] == ["Ici 9000", "Ici 9001"]


def test_the_pages_say_plus_de_1000_and_the_hint_for_stop_words(client):
    write(TOTAL_BOUND + 5, title="Accueil {n}", words="zorglub")
    body = client.get("/annuaire/", {"q": "zorglub"}).content.decode()
    assert "Plus de 1" in body and "000 résultats" in body
    assert "comptés sur les 1" in body
    body = client.get("/recherche/", {"q": "zorglub"}).content.decode()
    assert "Plus de 1" in body and "000 résultats pour « zorglub »" in body
    response = client.get("/annuaire/", {"q": "le de la"})
    assert response.status_code == 200
    assert "sont trop courants pour chercher" in response.content.decode()


def test_the_site_search_says_why_stop_words_alone_find_nothing(client):
    write(3)
    response = client.get("/recherche/", {"q": "le de la"})
    assert response.status_code == 200
    assert "des mots trop courants pour chercher, ajoutez un mot précis" in (
        response.content.decode()
    )
