"""The Elasticsearch engine at the DSL level: what it would send to a cluster.

No Elasticsearch server can run in this environment, so these tests read the index
definition (settings, analysers, mapping), the bodies of `build_search(...).to_dict()`,
the indexed bodies of real `SearchDocument` rows, and the HTTP requests the real client
sends to `StubCluster`, a recording HTTP server that answers like a cluster would *at the
protocol level only*. None of this proves how Elasticsearch analyses or scores: that is
`test_elasticsearch_live.py`, run when ELASTICSEARCH_URL is set.
"""

from __future__ import annotations

import io
import json
import time

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group

from directory.models import OrganisationKind, Service
from hub.access import audience_for
from search.engines.base import FACETS, SearchQuery
from search.engines.elasticsearch import (
    ElasticsearchEngine,
    build_autocomplete,
    build_search,
    result_from_response,
    tier_filter,
    to_es,
)
from search.engines.es_mapping import (
    FACET_FIELDS,
    FRENCH_STOP_WORDS,
    alias_name,
    index_definition,
)
from search.indexing import with_relations
from search.models import SearchDocument, SearchFacet
from tests.directory.helpers import load_communes, make_instance, make_organisation
from tests.support.elasticsearch import StubCluster, bulk_answer

METZ = (49.1193, 6.1757)


# --- Helpers ----------------------------------------------------------------------------------


def query_of(user=None, **fields):
    return build_search(user or AnonymousUser(), SearchQuery(**fields)).to_dict()


def filters_of(body):
    return body["query"]["bool"]["filter"]


def walk(value):
    """Every dict key of a nested body."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


# --- The index: analysers, mapping, names ----------------------------------------------------


@pytest.fixture(scope="module")
def definition():
    return index_definition("maillage-test-documents-1").to_dict()


def test_the_french_analyser_folds_elides_stops_and_stems_in_that_order(definition):
    analysis = definition["settings"]["analysis"]
    french = analysis["analyzer"]["french_folded"]
    assert french["tokenizer"] == "standard"
    assert french["filter"] == [
        "french_elision",
        "lowercase",
        "asciifolding",
        "french_stop",
        "french_stemmer",
    ]
    elision = analysis["filter"]["french_elision"]
    assert elision["type"] == "elision" and elision["articles_case"] is True
    assert {"l", "d", "qu", "j", "jusqu"} <= set(elision["articles"])
    assert analysis["filter"]["french_stemmer"] == {"type": "stemmer", "language": "light_french"}
    stop = analysis["filter"]["french_stop"]
    # The stop words are folded, as they come after asciifolding ("à" -> "a"); "est" stays
    # a word ("Grand Est").
    assert stop["type"] == "stop" and stop["stopwords"] == FRENCH_STOP_WORDS
    assert {"a", "de", "la", "l", "d", "ou", "meme"} <= set(FRENCH_STOP_WORDS)
    assert "est" not in FRENCH_STOP_WORDS
    assert all(word.isascii() for word in FRENCH_STOP_WORDS)


def test_title_and_text_are_french_with_sort_and_autocomplete_sub_fields(definition):
    properties = definition["mappings"]["properties"]
    assert properties["text"] == {"type": "text", "analyzer": "french_folded"}
    title = properties["title"]
    assert title["type"] == "text" and title["analyzer"] == "french_folded"
    assert title["fields"]["keyword"]["type"] == "keyword"
    assert title["fields"]["keyword"]["normalizer"] == "folded_sort"
    assert definition["settings"]["analysis"]["normalizer"]["folded_sort"]["filter"] == [
        "lowercase",
        "asciifolding",
    ]
    autocomplete = title["fields"]["autocomplete"]
    assert autocomplete["type"] == "search_as_you_type"
    chain = definition["settings"]["analysis"]["analyzer"][autocomplete["analyzer"]]["filter"]
    assert "asciifolding" in chain and "french_stemmer" not in chain


def test_filters_places_and_access_fields_have_exact_types(definition):
    mappings = definition["mappings"]
    properties = mappings["properties"]
    assert mappings["dynamic"] == "strict"
    for name in ["kind", "subkind", "source", "url", "access_tier", *FACET_FIELDS]:
        assert properties[name]["type"] == "keyword", name
        assert properties[name].get("index", True) is True, name
    # A new facet name must come with its field here (the mapping is strict).
    assert set(FACETS) | {"commune"} == set(FACET_FIELDS) == set(SearchFacet.Name.values)
    assert properties["location"] == {"type": "geo_point"}
    assert properties["access_clauses"]["type"] == "nested"
    assert properties["access_clauses"]["properties"]["groups"]["type"] == "integer"
    assert properties["verified_on"]["type"] == "date"
    for name in ["subtitle", "commune_name", "address", "subkind_label"]:
        assert properties[name]["index"] is False, name


def test_index_settings_and_a_loading_index_without_refresh(definition):
    assert definition["settings"]["refresh_interval"] == "1s"
    assert definition["settings"]["number_of_shards"] == 1
    loading = index_definition("x", loading=True).to_dict()
    assert loading["settings"]["refresh_interval"] == "-1"


def test_index_names_are_per_environment_and_timestamped():
    if "ELASTICSEARCH_INDEX_PREFIX" not in __import__("os").environ:
        assert settings.ELASTICSEARCH_INDEX_PREFIX == "maillage-test-"
    engine = ElasticsearchEngine("http://127.0.0.1:9", index_prefix="maillage-test-")
    assert engine.alias == alias_name("maillage-test-") == "maillage-test-documents"
    first = engine.new_index_name()
    time.sleep(0.001)
    second = engine.new_index_name()
    assert first.startswith("maillage-test-documents-") and first[-20:].isdigit()
    assert first != second and first == first.lower()
    assert ElasticsearchEngine("http://x", index_prefix="maillage-production-").alias != (
        engine.alias
    )


# --- Queries -----------------------------------------------------------------------------------


def test_plain_text_is_a_french_multi_match_with_every_word_required():
    body = query_of(text="  logements   accompagnés ")
    (match,) = body["query"]["bool"]["must"]
    assert match == {
        "multi_match": {
            "query": "logements accompagnés",
            "fields": ["title^10", "text"],
            "type": "best_fields",
            "operator": "and",
            "analyzer": "french_folded",
        }
    }
    assert body["sort"] == ["_score", {"title.keyword": "asc"}]
    assert body["from"] == 0 and body["size"] == 20 and body["track_total_hits"] == 1000
    # Neither the normalised text nor a document's file text is sent back.
    assert body["_source"] == {"excludes": ["text", "body"]}
    assert "highlight" not in body


def test_no_text_matches_all_sorted_by_kind_then_title():
    body = query_of()
    assert body["query"]["bool"]["must"] == [{"match_all": {}}]
    assert body["sort"] == [{"kind": "asc"}, {"title.keyword": "asc"}]


def test_facets_are_or_within_a_facet_and_and_across_with_counts_as_aggregations():
    body = query_of(
        text="cmp",
        kinds=["structure", "service"],
        facets={"type": ["cmp", "hopital"], "thematique": ["sante"], "inconnue": ["x"]},
        commune_codes=["57463", "57480"],
        facet_names=["type", "thematique", "famille", "access_tier"],
    )
    filters = filters_of(body)[1:]  # [0] is the tier clause
    assert filters == [
        {"terms": {"kind": ["structure", "service"]}},
        {"terms": {"thematique": ["sante"]}},
        {"terms": {"type": ["cmp", "hopital"]}},
        {"terms": {"commune": ["57463", "57480"]}},
    ]
    # The counts are computed on the query (same filters, tiers included): no post_filter.
    assert "post_filter" not in body
    assert body["aggs"] == {
        name: {"terms": {"field": name, "size": 50}} for name in ["type", "thematique", "famille"]
    }


def test_near_filters_by_distance_and_sorts_by_it_in_km():
    body = query_of(text="logement", near=(*METZ, 10))
    assert filters_of(body)[-1] == {
        "geo_distance": {"distance": "10.0km", "location": {"lat": METZ[0], "lon": METZ[1]}}
    }
    assert body["sort"][0] == {
        "_geo_distance": {
            "location": {"lat": METZ[0], "lon": METZ[1]},
            "order": "asc",
            "unit": "km",
            "distance_type": "arc",
        }
    }
    assert body["sort"][1:] == ["_score", {"title.keyword": "asc"}]


def test_highlight_marks_words_and_escapes_the_rest():
    body = query_of(text="logement", highlight=True)
    highlight = body["highlight"]
    assert highlight["pre_tags"] == ["<mark>"] and highlight["post_tags"] == ["</mark>"]
    assert highlight["encoder"] == "html"
    assert highlight["fragment_size"] == 160 and highlight["number_of_fragments"] == 1
    # A document's file text (`body`) is highlighted too: its readable snippet.
    assert set(highlight["fields"]) == {"title", "summary", "body", "text"}
    assert highlight["require_field_match"] is False
    assert "highlight" not in query_of(highlight=True)  # nothing to mark without text


def test_pages_are_from_and_size_and_never_beyond_the_result_window():
    assert (query_of(page=3, per_page=10)["from"], query_of(page=3, per_page=10)["size"]) == (
        20,
        10,
    )
    far = query_of(page=10_000, per_page=20)
    assert far["from"] + far["size"] <= 10_000
    assert query_of(per_page=100_000)["size"] == 100
    assert query_of(page=-4)["from"] == 0


@pytest.mark.parametrize(
    "text",
    [
        "x" * 50_000,
        "((((",
        "AND OR NOT",
        "*:*",
        '"logement',
        'titre:"a" OR text:/.*/ && !(b) ~2 ^9 [0 TO *]',
        "logement " * 10_000,
    ],
)
def test_bounded_queries_are_plain_words_cut_to_200_characters(text):
    started = time.perf_counter()
    body = query_of(text=text, highlight=True)
    assert time.perf_counter() - started < 0.5
    keys = set(walk(body))
    assert "query_string" not in keys and "simple_query_string" not in keys
    (match,) = body["query"]["bool"]["must"]
    sent = match["multi_match"]["query"]
    assert len(sent) <= 200 and sent == " ".join(text[:200].split())
    assert len(json.dumps(body)) < 3_000


# --- Tiers ---------------------------------------------------------------------------------------


def users():
    User = get_user_model()
    return {
        login: User.objects.get(username=login)
        for login in ["membre.social", "membre.bailleurs", "membre.clsm-metz", "admin"]
    }


def tier_clause(tiers, unpassed):
    """A tier the reader reaches, and no family or instance clause left unpassed."""
    return {
        "bool": {
            "filter": [{"terms": {"access_tier": tiers}}],
            "must_not": [{"nested": {"path": "access_clauses", "query": unpassed}}],
        }
    }


def not_in(groups):
    return {"bool": {"must_not": [{"terms": {"access_clauses.groups": groups}}]}}


def test_the_tier_clause_for_each_demo_role_is_inside_the_query(demo):
    accounts = users()
    # Anonymous: public documents only, and no group clause at all.
    assert filters_of(query_of(text="logement"))[0] == tier_clause(["public"], {"match_all": {}})
    # Accredited partners, family members and instance members: every tier, provided each
    # family or instance clause of the document names one of their groups.
    for login in ["membre.social", "membre.bailleurs", "membre.clsm-metz"]:
        user = accounts[login]
        groups = sorted(audience_for(user).group_ids)
        assert groups, login
        clause = filters_of(query_of(user, text="logement"))[0]
        assert clause == tier_clause(
            ["public", "partners", "family", "instance"], not_in(groups)
        ), login
    family = Group.objects.get(partner_family__slug="bailleurs-gestionnaires")
    assert family.pk in audience_for(accounts["membre.bailleurs"]).group_ids
    instance = Group.objects.get(coordination_instance__slug="clsm-metz")
    assert instance.pk in audience_for(accounts["membre.clsm-metz"]).group_ids
    assert family.pk not in audience_for(accounts["membre.clsm-metz"]).group_ids
    # Administrators: no tier clause, anything else unchanged.
    admin_filters = filters_of(query_of(accounts["admin"], text="logement", kinds=["service"]))
    assert admin_filters == [{"terms": {"kind": ["service"]}}]
    assert tier_filter(accounts["admin"]) is None


def test_an_expired_or_inactive_account_gets_the_anonymous_clause():
    user = get_user_model().objects.create_user("ancien", password="x" * 12, is_active=False)
    user.groups.add(Group.objects.create(name="Famille ancienne"))
    assert tier_filter(user) == tier_filter(AnonymousUser())


def test_the_tier_clause_does_not_grow_with_restricted_documents(
    django_capture_on_commit_callbacks,
):
    communes = load_communes("57463")
    member = get_user_model().objects.create_user("membre", password="x" * 12)
    member.groups.add(Group.objects.create(name="Famille du membre"))
    query = SearchQuery(text="structure", facets={"type": ["association"]})

    def sent():
        member.__dict__.pop("_maillage_audience", None)
        return [
            json.dumps(build_search(user, query).to_dict(), sort_keys=True)
            for user in (AnonymousUser(), member)
        ]

    before = sent()
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(40):
            organisation = make_organisation(
                f"Structure privée {number}", commune=communes["57463"], access_tier="family"
            )
            organisation.access_groups.add(Group.objects.create(name=f"Famille {number}"))
    assert SearchDocument.objects.filter(access_tier="family").count() == 40
    assert sent() == before


def test_autocomplete_is_a_prefix_match_on_titles_under_the_same_tier_clause(demo):
    member = get_user_model().objects.get(username="membre.bailleurs")
    body = build_autocomplete(member, "  héberg ", 8).to_dict()
    (match,) = body["query"]["bool"]["must"]
    assert match["multi_match"]["type"] == "bool_prefix"
    assert match["multi_match"]["query"] == "héberg"
    assert match["multi_match"]["fields"][0] == "title.autocomplete"
    assert body["query"]["bool"]["filter"] == [tier_filter(member).to_dict()]
    assert body["_source"] == ["title"]
    long = build_autocomplete(AnonymousUser(), "y" * 50_000, 8).to_dict()
    assert len(long["query"]["bool"]["must"][0]["multi_match"]["query"]) == 100


# --- Indexed bodies of real rows ----------------------------------------------------------------


@pytest.fixture
def rows(django_capture_on_commit_callbacks):
    communes = load_communes("57463", "57480")
    family = Group.objects.create(name="Famille test")
    with django_capture_on_commit_callbacks(execute=True):
        public = make_organisation(
            "Résidence Hébergement Moselle",
            OrganisationKind.HOUSING_OPERATOR,
            commune=communes["57463"],
            description="Logement accompagné et accès aux droits.",
            thematiques=["logement-hebergement--louer-un-logement"],
        )
        Service.objects.create(organisation=public, name="Accueil de jour", publics=["femmes"])
        private = make_organisation(
            "Structure de famille", commune=communes["57480"], access_tier="family"
        )
        private.access_groups.add(family)
        make_instance("CLSM de Metz", communes=[communes["57463"], communes["57480"]])
    documents = with_relations(SearchDocument.objects.all())
    return {document.title: document for document in documents}, family


def test_to_es_carries_every_field_of_a_row_and_only_mapped_ones(rows, definition):
    documents, _family = rows
    document = documents["Résidence Hébergement Moselle"]
    body = to_es(document)
    assert set(body) <= set(definition["mappings"]["properties"])
    assert body["source"] == "directory.organisation" and body["object_id"] == document.object_id
    assert body["kind"] == "structure" and body["title"] == "Résidence Hébergement Moselle"
    assert body["text"] == document.search_text and "hebergement" in body["text"]
    assert body["location"] == {"lat": document.latitude, "lon": document.longitude}
    assert body["commune"] == sorted(f.value for f in document.facets.all() if f.name == "commune")
    assert "57463" in body["commune"]
    assert body["thematique"] == ["logement-hebergement"]
    assert body["public"] == ["femmes"]  # from its public service
    assert body["access_tier"] == "public" and body["access_clauses"] == []
    json.dumps(body)  # a plain JSON body


def test_to_es_carries_the_groups_of_a_restricted_row_and_empty_places(rows):
    documents, family = rows
    body = to_es(documents["Structure de famille"])
    assert body["access_tier"] == "family" and body["access_clauses"] == [{"groups": [family.pk]}]
    instance = to_es(documents["CLSM de Metz"])
    assert instance["kind"] == "instance" and instance["type"] == ["instance"]
    assert set(instance["commune"]) == {"57463", "57480"}


def test_rows_are_sent_in_bulk_with_their_ids_through_the_alias(rows):
    documents, _family = rows

    def respond(method, path, raw):
        if method == "HEAD":
            return 200, b""
        if path.startswith("/_bulk"):
            return 200, bulk_answer(raw)
        return 404, {"error": "unexpected", "status": 404}

    with StubCluster(respond) as cluster:
        engine = ElasticsearchEngine(cluster.url, index_prefix="maillage-test-")
        engine.index_documents(documents.values())
        engine.delete_documents([("directory.organisation", 999_999)])
    (bulk_index,) = [raw for method, path, raw in cluster.requests if "_bulk" in path][:1]
    lines = [json.loads(line) for line in bulk_index.splitlines()]
    actions = lines[0::2]
    assert {action["index"]["_index"] for action in actions} == {"maillage-test-documents"}
    assert {action["index"]["_id"] for action in actions} == {
        f"{d.source}:{d.object_id}" for d in documents.values()
    }
    assert lines[1]["title"] in documents
    delete = [raw for method, path, raw in cluster.requests if "_bulk" in path][-1]
    assert json.loads(delete.splitlines()[0]) == {
        "delete": {"_index": "maillage-test-documents", "_id": "directory.organisation:999999"}
    }


def test_rebuild_fills_a_new_index_then_swaps_the_alias_in_one_step(rows):
    documents, _family = rows
    state = {"aliased": ["maillage-test-documents-20240101000000000000"]}

    def respond(method, path, raw):
        if path.startswith("/_alias/"):
            if not state["aliased"]:
                return 404, {"error": "alias missing", "status": 404}
            return 200, {
                name: {"aliases": {"maillage-test-documents": {}}} for name in state["aliased"]
            }
        if path.startswith("/_bulk"):
            return 200, bulk_answer(raw)
        return 200, {"acknowledged": True}

    progress = []
    with StubCluster(respond) as cluster:
        engine = ElasticsearchEngine(cluster.url, index_prefix="maillage-test-")
        written = engine.rebuild(iter(documents.values()), progress=progress.append)
    assert written == len(documents) == sum(progress)
    calls = [(method, path.split("?")[0]) for method, path, _raw in cluster.requests]
    created = calls[0][1].strip("/")
    assert calls[0][0] == "PUT" and created.startswith("maillage-test-documents-")
    create_body = json.loads(cluster.requests[0][2])
    assert create_body["settings"]["refresh_interval"] == "-1"
    assert create_body["mappings"]["properties"]["location"] == {"type": "geo_point"}
    bulk_calls = [index for index, (_method, path) in enumerate(calls) if path == "/_bulk"]
    assert bulk_calls
    assert calls.index(("PUT", f"/{created}/_settings")) > bulk_calls[-1]
    (swap,) = [raw for method, path, raw in cluster.requests if path.startswith("/_aliases")]
    assert json.loads(swap)["actions"] == [
        {
            "remove": {
                "index": "maillage-test-documents-20240101000000000000",
                "alias": engine.alias,
            }
        },
        {"add": {"index": created, "alias": engine.alias}},
    ]
    assert calls[-1] == ("DELETE", "/maillage-test-documents-20240101000000000000")
    assert calls.index(("POST", "/_aliases")) < len(calls) - 1


def test_a_failed_rebuild_drops_the_new_index_and_keeps_the_live_one(rows):
    documents, _family = rows

    def respond(method, path, raw):
        if path.startswith("/_bulk"):
            return 500, {"error": "disque plein", "status": 500}
        return 200, {"acknowledged": True}

    with StubCluster(respond) as cluster:
        engine = ElasticsearchEngine(cluster.url, index_prefix="maillage-test-")
        with pytest.raises(Exception, match="disque plein|500"):
            engine.rebuild(list(documents.values()))
    calls = [(method, path.split("?")[0]) for method, path, _raw in cluster.requests]
    created = calls[0][1]
    assert calls[-1] == ("DELETE", created)
    assert not any(path.startswith("/_aliases") for _method, path in calls)


# --- Answers -------------------------------------------------------------------------------------


def test_an_answer_becomes_hits_with_distance_highlight_and_facet_counts():
    """The body below is written by hand in the shape of Elasticsearch 8's answer."""
    body = {
        "hits": {
            "total": {"value": 42, "relation": "eq"},
            "hits": [
                {
                    "_id": "directory.organisation:7",
                    "_source": {
                        "source": "directory.organisation",
                        "object_id": 7,
                        "kind": "structure",
                        "subkind": "cmp",
                        "subkind_label": "CMP",
                        "title": "CMP de Metz",
                        "subtitle": "",
                        "summary": "Consultations <b>adultes</b>",
                        "url": "/annuaire/cmp-de-metz/",
                        "commune_code": "57463",
                        "commune_name": "Metz",
                        "address": "1 rue X, 57000 Metz",
                        "location": {"lat": 49.1, "lon": 6.17},
                        "verified_on": "2025-03-01",
                    },
                    "sort": [1.234, 0.5, "cmp de metz"],
                    "highlight": {"summary": ["<mark>Consultations</mark> &lt;b&gt;adultes"]},
                }
            ],
        },
        "aggregations": {
            "type": {"buckets": [{"key": "cmp", "doc_count": 3}, {"key": "ssr", "doc_count": 1}]}
        },
    }
    query = SearchQuery(text="consultation", near=(*METZ, 10), facet_names=["type", "public"])
    result = result_from_response(body, query)
    assert result.total == 42 and result.engine == "elasticsearch" and not result.degraded
    (hit,) = result.hits
    assert (hit.source, hit.object_id, hit.title) == ("directory.organisation", 7, "CMP de Metz")
    assert (hit.latitude, hit.longitude, hit.distance_km) == (49.1, 6.17, 1.234)
    assert hit.verified_on.isoformat() == "2025-03-01"
    assert hit.highlight == "<mark>Consultations</mark> &lt;b&gt;adultes"
    assert result.facets == {"type": [("cmp", 3), ("ssr", 1)], "public": []}
    assert result_from_response(body, SearchQuery()).hits[0].distance_km is None


def test_an_empty_prefix_asks_nothing():
    # Port 9 (discard) is never an Elasticsearch: a request would fail.
    engine = ElasticsearchEngine("http://127.0.0.1:9", index_prefix="maillage-test-", timeout=1)
    assert engine.autocomplete(AnonymousUser(), "   ") == []


# --- manage.py es_index --------------------------------------------------------------------------


def test_es_index_needs_a_url_and_a_confirmation_to_delete(settings):
    from django.core.management import CommandError, call_command

    settings.ELASTICSEARCH_URL = None
    with pytest.raises(CommandError, match="ELASTICSEARCH_URL n'est pas défini"):
        call_command("es_index", "status")
    with StubCluster(lambda method, path, raw: (404, {"error": "absent", "status": 404})) as stub:
        settings.ELASTICSEARCH_URL = stub.url
        with pytest.raises(CommandError, match="--oui"):
            call_command("es_index", "delete")
        out = io.StringIO()
        call_command("es_index", "status", stdout=out)
    assert f"Aucun index derrière l'alias {settings.ELASTICSEARCH_INDEX_PREFIX}documents" in (
        out.getvalue()
    )


# --- Ranking and bounded totals (issue 19) ---------------------------------------------------


def test_ranking_boosts_title_then_exact_place_then_kind_as_the_database_engine_does():
    body = query_of(text="CMP Metz", commune_codes=["57463"])
    query = body["query"]["bool"]
    (match,) = query["must"]
    assert match["multi_match"]["fields"] == ["title^10", "text"]
    assert query["should"] == [
        {"terms": {"commune_code": ["57463"], "boost": 3}},
        {"terms": {"subkind": ["cmp", "metz"], "boost": 2}},
        {"terms": {"kind": ["cmp", "metz"], "boost": 2}},
    ]
    # Optional clauses only raise the score: every word stays required by the match.
    assert "minimum_should_match" not in query
    assert match["multi_match"]["operator"] == "and"
    assert body["sort"] == ["_score", {"title.keyword": "asc"}]


def test_no_boost_without_words_or_place_and_stop_words_boost_nothing():
    assert "should" not in query_of()["query"]["bool"]
    assert "should" not in query_of(text="le de la")["query"]["bool"]


def test_totals_are_counted_up_to_the_bound_and_read_as_a_lower_bound_beyond_it():
    assert query_of(text="logement")["track_total_hits"] == 1000
    beyond = {"hits": {"total": {"value": 1000, "relation": "gte"}, "hits": []}}
    result = result_from_response(beyond, SearchQuery(text="logement"))
    assert result.total == 1000 and result.total_is_lower_bound
    assert not result.facets_sampled  # aggregations count every match
    within = {"hits": {"total": {"value": 12, "relation": "eq"}, "hits": []}}
    result = result_from_response(within, SearchQuery(text="logement"))
    assert result.total == 12 and not result.total_is_lower_bound


# --- Documents and the text of their files (issue 17) -------------------------------------------


def test_a_file_s_text_is_mapped_french_for_its_snippet_and_document_is_a_kind(definition):
    properties = definition["mappings"]["properties"]
    assert properties["body"] == {"type": "text", "analyzer": "french_folded"}
    filters = filters_of(query_of(text="plénière", kinds=["document"]))
    assert {"terms": {"kind": ["document"]}} in filters


def test_a_document_row_is_indexed_with_its_file_text_and_its_collection_s_groups(
    django_capture_on_commit_callbacks, definition
):
    from wagtail.models import Collection, CollectionViewRestriction

    from hub.demo.load_spaces import ensure_document

    family = Group.objects.create(name="Famille des documents")
    collection = Collection.get_first_root_node().add_child(name="Espace réservé")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(family)
    with django_capture_on_commit_callbacks(execute=True):
        document = ensure_document(
            "Compte rendu", "cr.txt", "Plénière : le dispositif Zéphyrin.".encode(), collection
        )
    row = with_relations(SearchDocument.objects.filter(kind="document", object_id=document.pk))
    body = to_es(row.get())
    assert set(body) <= set(definition["mappings"]["properties"])
    assert body["kind"] == "document" and body["type"] == ["document"]
    assert body["body"] == "Plénière : le dispositif Zéphyrin."
    assert "zephyrin" in body["text"] and body["url"] == document.url
    assert body["access_tier"] == "family" and body["access_clauses"] == [{"groups": [family.pk]}]


def test_a_file_s_text_gives_the_snippet_when_the_summary_has_no_match():
    raw = {
        "_source": {"source": "wagtaildocs.document", "object_id": 3, "kind": "document"},
        "highlight": {
            "body": ["… le dispositif <mark>Zéphyrin</mark> retenu"],
            "text": ["le dispositif <mark>zephyrin</mark> retenu"],
        },
    }
    result = result_from_response({"hits": {"total": 1, "hits": [raw]}}, SearchQuery(text="x"))
    assert result.hits[0].highlight == "… le dispositif <mark>Zéphyrin</mark> retenu"
