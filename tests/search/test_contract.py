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


# A word written only inside a PDF of the CLSM Metz space (instance tier), not in its title.
PDF_WORD = "Zéphyrin"
PDF_TITLE = "Compte rendu CONTRAT-PDF"


@pytest.fixture(scope="module")
def minutes_pdf(world, django_db_blocker):  # noqa: F811
    """A minute PDF in the instance space's collection, indexed before the engines read
    the documents (inside the world's transaction, rolled back with it)."""
    from django.db import transaction
    from django.test import TestCase

    from hub.demo.load_spaces import ensure_document
    from tests.search.test_document_text import make_pdf

    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        return ensure_document(
            PDF_TITLE,
            "contrat-compte-rendu.pdf",
            make_pdf(f"La plénière a retenu le dispositif {PDF_WORD} pour 2027."),
            world.spaces["instance"].ensure_collection(),
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
def engine(request, world, minutes_pdf, django_db_blocker):  # noqa: F811
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


@pytest.mark.parametrize("role", ROLES)
def test_a_word_only_inside_a_pdf_finds_the_document_for_who_may_read_it(engine, role):
    user = user_for(role)
    for text in (PDF_WORD, "zephyrin", "dispositifs zéphyrin"):
        result = engine.search(user, SearchQuery(text=text, highlight=True, facet_names=["kind"]))
        found = [hit for hit in result.hits if hit.title == PDF_TITLE]
        if "instance" in VISIBLE[role]:
            (hit,) = found
            assert hit.kind == "document" and hit.url.startswith("/documents/")
            assert "<mark>" in hit.highlight and "Zéphyrin" in hit.highlight
            assert dict(result.facets["kind"]).get("document", 0) >= 1
        else:
            assert not found and "document" not in dict(result.facets["kind"])
    suggested = engine.autocomplete(user, "contrat-pdf", limit=50)
    assert (PDF_TITLE in suggested) == ("instance" in VISIBLE[role])


# --- Ranking (issue 19) ------------------------------------------------------------------------

RANKED = [
    # (title, subtitle, kind, subkind, commune code, commune name, indexed words)
    ("Accueil de jour GRIVE", "", "structure", "association", "57672", "Thionville", "cmp metz"),
    ("Point écoute GRIVE", "CMP de Metz", "service", "", "57463", "Metz", "cmp metz"),
    ("CMP de Metz", "", "structure", "cmp", "57463", "Metz", "grive"),
    ("Centre hospitalier GRIVE", "", "structure", "hopital", "57463", "Metz", "cmp metz"),
]


def ranked_documents(engine):
    """Four public documents matching « cmp metz »: in the title, in the subtitle, or in
    the text only (one of them in Metz), each also holding « grive » to be told apart."""
    from search.text import normalize

    created = []
    for index, (title, subtitle, kind, subkind, code, name, words) in enumerate(RANKED):
        created.append(
            SearchDocument.objects.create(
                source="tests.ranking",
                object_id=index + 1,
                kind=kind,
                subkind=subkind,
                title=title,
                subtitle=subtitle,
                search_text=normalize(title, subtitle, name, words, "grive"),
                commune_code=code,
                commune_name=name,
                access_tier="public",
            )
        )
    engine.index_documents(
        with_relations(SearchDocument.objects.filter(source="tests.ranking")),
        **({"refresh": True} if engine.name == "elasticsearch" else {}),
    )
    return created


@pytest.mark.django_db
def test_ranking_puts_the_structure_named_by_the_words_first(engine):
    ranked_documents(engine)
    ours = {title for title, *_rest in RANKED}
    found = titles(engine, AnonymousUser(), text="cmp metz", per_page=20)
    # The demo's own « CMP de Metz (CH de Jury) » may come next, never before.
    assert found[0] == "CMP de Metz"
    found = [title for title in found if title in ours]
    assert set(found) == ours
    if engine.name == "database":
        # Title, then subtitle, then text only (in Metz, then elsewhere).
        assert found == [
            "CMP de Metz",
            "Point écoute GRIVE",
            "Centre hospitalier GRIVE",
            "Accueil de jour GRIVE",
        ]


@pytest.mark.django_db
def test_a_title_match_ranks_above_a_text_only_match(engine):
    ranked_documents(engine)
    found = titles(engine, AnonymousUser(), text="grive", per_page=10)
    assert len(found) == 4
    # « grive » is in the title of three of them, in the text only of « CMP de Metz ».
    assert found[-1] == "CMP de Metz"


@pytest.mark.django_db
def test_stop_words_alone_answer_without_error_and_within_the_bound(engine):
    for text in ["le de la", "?!", "« »"]:
        result = engine.search(AnonymousUser(), SearchQuery(text=text, commune_codes=["57463"]))
        assert result.total > 0 and result.hits
        assert result.total <= 1000
