"""The Elasticsearch engine against a live cluster (only when ELASTICSEARCH_URL is set).

Each test module run builds its own index behind a random alias
("maillage-test-<random>-documents") from real `SearchDocument` rows, and deletes it at the
end: it never touches the indices of a dev or production site. Where both engines should
agree (tiers, facet counts), the database engine's answer is the reference.

    ELASTICSEARCH_URL=http://127.0.0.1:9200 pytest tests/search/test_elasticsearch_live.py
"""

from __future__ import annotations

import os
import time
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group

from directory.models import OrganisationKind
from search.engines.base import SearchQuery
from search.engines.database import DatabaseEngine
from search.engines.elasticsearch import ElasticsearchEngine
from search.engines.fallback import FallbackEngine
from search.indexing import with_relations
from search.models import SearchDocument
from tests.directory.helpers import load_communes, make_organisation

pytestmark = pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason=(
        "ELASTICSEARCH_URL n'est pas défini : aucun cluster Elasticsearch dans cet environnement"
    ),
)

METZ = (49.1193, 6.1757)
RESIDENCE = "Résidence Hébergement Moselle"
CMP = "CMP Montigny"
PARIS = "Bailleur du 11e"
RESTRICTED = {
    "partners": "Structure partenaires",
    "family_a": "Structure famille A",
    "family_b": "Structure famille B",
    "instance": "Structure instance",
}
# Who sees which restricted structure (the leak matrix, reduced to this module's world).
VISIBLE = {
    "anonymous": set(),
    "partner": {"partners"},
    "family_a": {"partners", "family_a"},
    "family_b": {"partners", "family_b"},
    "instance": {"partners", "instance"},
    "admin": set(RESTRICTED),
}


def documents():
    return with_relations(SearchDocument.objects.all()).order_by("pk")


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    communes = load_communes("57463", "57480", "75111")
    groups = {name: Group.objects.create(name=f"Groupe {name}") for name in RESTRICTED}
    with django_capture_on_commit_callbacks(execute=True):
        make_organisation(
            RESIDENCE,
            OrganisationKind.HOUSING_OPERATOR,
            commune=communes["57463"],
            description="Logement accompagné et accès aux droits. <script>alert(1)</script>",
            thematiques=["logement-hebergement--louer-un-logement"],
        )
        make_organisation(
            CMP,
            OrganisationKind.CMP,
            commune=communes["57480"],
            description="Consultations de santé mentale.",
            thematiques=["sante--sante-mentale"],
        )
        make_organisation(
            PARIS,
            OrganisationKind.LANDLORD,
            commune=communes["75111"],
            description="Logements sociaux.",
        )
        for tier, title in RESTRICTED.items():
            organisation = make_organisation(
                title,
                commune=communes["57463"],
                access_tier=tier.split("_")[0],
                description="Logement réservé.",
            )
            if tier != "partners":
                organisation.access_groups.add(groups[tier])
    User = get_user_model()
    users = {"anonymous": AnonymousUser()}
    users["partner"] = User.objects.create_user("partenaire", password="x" * 12)
    for role in ["family_a", "family_b", "instance"]:
        users[role] = User.objects.create_user(role, password="x" * 12)
        users[role].groups.add(groups[role])
    users["admin"] = User.objects.create_superuser("administrateur", password="x" * 12)
    return users


@pytest.fixture
def engine(world):
    prefix = f"maillage-test-{uuid.uuid4().hex[:10]}-"
    engine = ElasticsearchEngine(os.environ["ELASTICSEARCH_URL"], index_prefix=prefix, timeout=10)
    assert engine.alias.startswith("maillage-test-")
    engine.rebuild(documents())
    yield engine
    engine.drop()


def titles(engine, user=None, **query):
    result = engine.search(user or AnonymousUser(), SearchQuery(**query))
    return [hit.title for hit in result.hits]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("logements", RESIDENCE),
        ("logement", PARIS),  # "Logements sociaux"
        ("sante", CMP),
        ("santé", CMP),
        ("hebergement", RESIDENCE),
        ("Hébergements", RESIDENCE),
        ("acces", RESIDENCE),
        ("l'hébergement", RESIDENCE),
        ("hébergement à Metz", RESIDENCE),
        ("LOGEMENT ACCOMPAGNE", RESIDENCE),
    ],
)
def test_french_plurals_accents_elisions_and_stop_words_match(engine, text, expected):
    assert expected in titles(engine, text=text)


def test_each_role_sees_exactly_its_tiers_in_hits_counts_and_autocomplete(engine, world):
    database = DatabaseEngine()
    for role, user in world.items():
        visible = {RESTRICTED[tier] for tier in VISIBLE[role]}
        query = SearchQuery(text="logement", per_page=50, facet_names=["type", "commune"])
        result = engine.search(user, query)
        found = {hit.title for hit in result.hits}
        assert found & set(RESTRICTED.values()) == visible, role
        assert result.total == len(result.hits), role
        # Same documents and same counts as the database engine, the reference.
        reference = database.search(user, query)
        assert found == {hit.title for hit in reference.hits}, role
        assert result.facets == reference.facets, role
        suggested = set(engine.autocomplete(user, "struct", limit=20))
        assert suggested & set(RESTRICTED.values()) == visible, role


def test_facets_filter_or_within_and_across(engine):
    assert set(titles(engine, facets={"type": ["cmp", "bailleur-social"]})) <= {CMP, PARIS}
    assert CMP in titles(engine, facets={"type": ["cmp"], "thematique": ["sante"]})
    assert titles(engine, facets={"type": ["cmp"], "thematique": ["logement-hebergement"]}) == []
    assert set(titles(engine, commune_codes=["75111"])) == {PARIS}


def test_near_keeps_what_is_within_the_radius_ordered_by_distance(engine):
    result = engine.search(AnonymousUser(), SearchQuery(near=(*METZ, 10)))
    found = [(hit.title, hit.distance_km) for hit in result.hits]
    assert {title for title, _km in found} == {RESIDENCE, CMP}
    distances = [km for _title, km in found]
    assert distances == sorted(distances) and all(km <= 10 for km in distances)


def test_highlights_mark_the_words_and_escape_the_rest(engine):
    result = engine.search(AnonymousUser(), SearchQuery(text="logement", highlight=True))
    (hit,) = [hit for hit in result.hits if hit.title == RESIDENCE]
    assert "<mark>" in hit.highlight and "<script>" not in hit.highlight
    assert "&lt;script&gt;" in hit.highlight or "script" not in hit.highlight


@pytest.mark.parametrize(
    "text", ["x" * 50_000, "((((", "AND OR NOT", "*:*", '"logement', "logement " * 5_000]
)
def test_bounded_queries_answer_quickly(engine, text):
    started = time.monotonic()
    engine.search(AnonymousUser(), SearchQuery(text=text, highlight=True))
    assert time.monotonic() - started < 2


def test_autocomplete_completes_words_without_accents(engine):
    assert RESIDENCE in engine.autocomplete(AnonymousUser(), "heberg")
    assert RESIDENCE in engine.autocomplete(AnonymousUser(), "Résidence Héb")


def test_a_rebuild_swaps_the_alias_and_drops_the_old_index(engine):
    (before,) = engine.live_indices()
    engine.rebuild(documents())
    (after,) = engine.live_indices()
    assert after != before
    assert not engine.client.indices.exists(index=before)
    assert RESIDENCE in titles(engine, text="logement")


def test_indexing_and_deleting_one_document(engine, django_capture_on_commit_callbacks):
    communes = load_communes("57463")
    with django_capture_on_commit_callbacks(execute=True):
        organisation = make_organisation("Foyer nouveau", commune=communes["57463"])
    document = documents().get(source="directory.organisation", object_id=organisation.pk)
    engine.index_documents([document], refresh=True)
    assert "Foyer nouveau" in titles(engine, text="foyer")
    engine.delete_documents([(document.source, document.object_id)], refresh=True)
    assert "Foyer nouveau" not in titles(engine, text="foyer")


def test_a_healthy_cluster_is_not_degraded(engine):
    result = FallbackEngine(engine, DatabaseEngine()).search(
        AnonymousUser(), SearchQuery(text="logement")
    )
    assert result.engine == "elasticsearch" and result.degraded is False
