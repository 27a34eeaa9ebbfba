"""The search contract: the same tests for every engine that is available.

- the database engine always runs (SQLite here, PostgreSQL with `make test-postgres`);
- the Elasticsearch engine runs when ELASTICSEARCH_URL is set, on its own throw-away
  index built from the same documents; otherwise it is skipped, saying why.

The world is the leak matrix's (tests/access/conftest.py): the demo plus one canary
structure, service, contact and coordination instance per tier, in Metz.
"""

from __future__ import annotations

import os
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from search.engines.base import SearchQuery
from search.engines.database import DatabaseEngine
from search.indexing import with_relations
from search.models import SearchDocument
from tests.access.conftest import MARKERS, ROLES, TIERS, USERNAMES, VISIBLE, world  # noqa: F401

METZ = (49.1193, 6.1757)
NO_CLUSTER = (
    "ELASTICSEARCH_URL n'est pas défini : aucun cluster Elasticsearch dans cet environnement"
)


@pytest.fixture(
    scope="module",
    params=[
        "database",
        pytest.param(
            "elasticsearch",
            marks=pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason=NO_CLUSTER),
        ),
    ],
)
def engine(request, world, django_db_blocker):  # noqa: F811
    if request.param == "database":
        yield DatabaseEngine()
        return
    from search.engines.elasticsearch import ElasticsearchEngine

    engine = ElasticsearchEngine(
        os.environ["ELASTICSEARCH_URL"],
        index_prefix=f"maillage-test-{uuid.uuid4().hex[:10]}-",
        timeout=10,
    )
    with django_db_blocker.unblock():
        engine.rebuild(with_relations(SearchDocument.objects.all()))
    yield engine
    engine.drop()


def user_for(role):
    username = USERNAMES[role]
    return AnonymousUser() if username is None else get_user_model().objects.get(username=username)


def titles(engine, user, **query):
    return [hit.title for hit in engine.search(user, SearchQuery(**query)).hits]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("logements", "Service CANARI-PUBLIC"),  # logement
        ("hebergement", "Service CANARI-PUBLIC"),  # Hébergement
        ("sante", "Structure CANARI-PUBLIC"),  # Santé
        ("canaris", "Structure CANARI-PUBLIC"),
    ],
)
def test_french_words_match_without_accents_or_plural(engine, text, expected):
    found = titles(engine, AnonymousUser(), text=f"{text} canari", per_page=50)
    assert expected in found


@pytest.mark.parametrize("text", ["acces", "accès", "logement", "santé", "hébergement"])
def test_french_words_find_the_demo(engine, text):
    assert engine.search(AnonymousUser(), SearchQuery(text=text)).total > 0


@pytest.mark.parametrize("role", ROLES)
def test_each_role_finds_exactly_its_tiers_in_hits_counts_and_autocomplete(engine, role):
    user = user_for(role)
    result = engine.search(
        user,
        SearchQuery(text="canari", kinds=["structure"], per_page=50, facet_names=["kind"]),
    )
    expected = {f"Structure {MARKERS[tier]}" for tier in TIERS if tier in VISIBLE[role]}
    assert {hit.title for hit in result.hits} == expected
    assert result.total == len(expected)
    assert dict(result.facets["kind"]) == {"structure": len(expected)}
    suggested = " ".join(engine.autocomplete(user, "canari", limit=50))
    hidden = [MARKERS[tier] for tier in TIERS if tier not in VISIBLE[role]]
    assert not [marker for marker in hidden if marker in suggested]


def test_facets_are_or_within_and_and_across(engine):
    user = AnonymousUser()
    both = titles(
        engine,
        user,
        text="canari",
        facets={
            "type": ["association", "service"],
            "thematique": ["sante", "logement-hebergement"],
        },
        per_page=50,
    )
    assert set(both) >= {"Structure CANARI-PUBLIC", "Service CANARI-PUBLIC"}
    none = titles(
        engine, user, text="canari", facets={"type": ["service"], "thematique": ["sante"]}
    )
    assert none == []


def test_places_and_distance(engine):
    user = AnonymousUser()
    in_metz = titles(engine, user, text="canari", commune_codes=["57463"], per_page=50)
    assert "Structure CANARI-PUBLIC" in in_metz
    assert titles(engine, user, text="canari", commune_codes=["75111"]) == []
    near = engine.search(user, SearchQuery(text="canari", near=(*METZ, 10.0), per_page=50)).hits
    distances = [hit.distance_km for hit in near]
    assert near and all(d is not None and d <= 10 for d in distances)
    assert distances == sorted(distances)


def test_pages_are_consistent(engine):
    user = user_for("family_a")
    first = engine.search(user, SearchQuery(text="canari", per_page=3, page=1))
    second = engine.search(user, SearchQuery(text="canari", per_page=3, page=2))
    assert first.total == second.total
    assert not {h.title for h in first.hits} & {h.title for h in second.hits}


@pytest.mark.parametrize("text", ["x" * 50_000, '((((" AND OR NOT *:*', "-- ;", '"', "*"])
def test_bounded_and_operator_queries_answer(engine, text):
    result = engine.search(AnonymousUser(), SearchQuery(text=text))
    assert result.total >= 0


@pytest.mark.parametrize("role", ROLES)
def test_the_map_gives_the_lists_documents_positions_and_counts(engine, role):
    user = user_for(role)
    query = SearchQuery(text="canari", per_page=100, facet_names=[])
    listed = engine.search(user, query)
    placed = {(hit.source, hit.object_id) for hit in listed.hits if hit.latitude is not None}
    points = engine.map_points(user, query, 1000)
    assert {(row[0], row[1]) for row in points.rows} == placed
    assert not points.truncated
    counts = engine.map_counts(user, query)
    assert counts.total == listed.total
    assert counts.unplaced == listed.total - len(placed)
    near = engine.map_points(user, SearchQuery(text="canari", near=(*METZ, 10.0)), 1000)
    assert near.rows and {(row[0], row[1]) for row in near.rows} <= placed
