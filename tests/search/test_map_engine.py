"""The map's part of the engine contract: the positions of the matching documents and how
many have none (`map_points`, `map_counts`), on every engine, so that the directory's
list, the map's counts and the GeoJSON agree whatever engine is selected.

Elasticsearch is tested at the request level (`Search.to_dict()`) and against the stub
cluster of `tests/support/elasticsearch.py`; no real cluster is needed."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser

from directory.api.geojson import feature_id
from search.engines import elasticsearch as es_engine
from search.engines import es_queries
from search.engines.base import POINT_FIELDS, SearchQuery
from search.engines.database import DatabaseEngine
from search.engines.elasticsearch import (
    ElasticsearchEngine,
    build_map_counts,
    build_map_points,
    build_search,
    point_rows,
    tier_filter,
    to_es,
)
from search.engines.fallback import FallbackEngine
from search.indexing import with_relations
from search.models import SearchDocument
from tests.directory.helpers import load_communes, make_organisation
from tests.support.elasticsearch import StubCluster, closed_port, holding

METZ = (49.1193, 6.1757)
PLACED = {"exists": {"field": "location"}}


# --- Requests (no network) ----------------------------------------------------------------


def test_map_points_ask_for_positions_under_the_lists_own_filters():
    query = SearchQuery(text="logement", kinds=["structure"], facets={"type": ["cmp"]})
    body = build_map_points(AnonymousUser(), query, 500).to_dict()
    filters = body["query"]["bool"]["filter"]
    listed = build_search(AnonymousUser(), query).to_dict()["query"]["bool"]
    # The list's query (text, tier clause, kinds, facets), plus "has a position".
    assert body["query"]["bool"]["must"] == listed["must"]
    assert filters == [*listed["filter"], PLACED]
    assert tier_filter(AnonymousUser()).to_dict() in filters
    assert body["sort"] == [{"source": "asc"}, {"object_id": "asc"}]
    assert body["size"] == 500 and body["track_total_hits"] is False
    assert "from" not in body and "aggs" not in body and "search_after" not in body
    assert set(body["_source"]) == set(POINT_FIELDS) - {"latitude", "longitude"} | {"location"}


def test_map_points_with_a_radius_come_nearest_first_and_page_after_the_last_hit():
    query = SearchQuery(near=(*METZ, 10.0))
    body = build_map_points(AnonymousUser(), query, 50_001, after=[1.5, "x", 3]).to_dict()
    assert list(body["sort"][0]) == ["_geo_distance"]
    assert body["sort"][1:] == [{"source": "asc"}, {"object_id": "asc"}]
    assert any("geo_distance" in item for item in body["query"]["bool"]["filter"])
    assert body["search_after"] == [1.5, "x", 3]
    # Never more than Elasticsearch's result window in one request.
    assert body["size"] == es_queries.MAX_RESULT_WINDOW


def test_map_counts_count_the_lists_documents_and_those_without_a_position():
    query = SearchQuery(text="logement", commune_codes=["57463"])
    body = build_map_counts(AnonymousUser(), query).to_dict()
    assert body["query"] == build_search(AnonymousUser(), query).to_dict()["query"]
    assert body["size"] == 0 and body["track_total_hits"] is True
    assert body["aggs"] == {"unplaced": {"filter": {"bool": {"must_not": [PLACED]}}}}


def test_point_rows_are_point_fields_tuples_and_skip_what_has_no_location():
    body = {
        "hits": {
            "hits": [
                {
                    "_source": {
                        "source": "directory.organisation",
                        "object_id": "7",
                        "kind": "structure",
                        "subkind_label": "CMP",
                        "title": "CMP de Metz",
                        "subtitle": "",
                        "url": "/annuaire/cmp-de-metz/",
                        "commune_name": "Metz",
                        "location": {"lat": 49.1, "lon": 6.2},
                    }
                },
                {"_source": {"source": "directory.organisation", "object_id": 8}},
            ]
        }
    }
    assert point_rows(body) == [
        (
            "directory.organisation",
            7,
            "structure",
            "CMP",
            "CMP de Metz",
            "",
            "/annuaire/cmp-de-metz/",
            "Metz",
            6.2,
            49.1,
        )
    ]


# --- Engines ---------------------------------------------------------------------------------


@pytest.fixture
def entries(django_capture_on_commit_callbacks):
    """Two structures in Metz (placed), one without a commune (no position), one for
    partners only."""
    communes = load_communes("57463")
    with django_capture_on_commit_callbacks(execute=True):
        placed = [
            make_organisation("Logement Metz A", commune=communes["57463"]),
            make_organisation("Logement Metz B", commune=communes["57463"]),
        ]
        unplaced = make_organisation("Logement sans adresse")
        make_organisation("Logement réservé", commune=communes["57463"], access_tier="partners")
    return placed, unplaced


def bodies(*organisations):
    documents = SearchDocument.objects.filter(
        source="directory.organisation", object_id__in=[o.pk for o in organisations]
    )
    return [to_es(document) for document in with_relations(documents.order_by("pk"))]


def test_the_database_engine_gives_the_visible_positions_and_counts(entries):
    placed, unplaced = entries
    engine = DatabaseEngine()
    query = SearchQuery(text="logement", kinds=["structure"])
    points = engine.map_points(AnonymousUser(), query, 10)
    assert sorted(row[4] for row in points.rows) == ["Logement Metz A", "Logement Metz B"]
    assert not points.truncated and not points.degraded
    assert all(len(row) == len(POINT_FIELDS) for row in points.rows)
    counts = engine.map_counts(AnonymousUser(), query)
    assert (counts.total, counts.unplaced) == (3, 1)
    assert counts.total == engine.search(AnonymousUser(), query).total
    # The bound: one point, and the answer says more matched.
    cut = engine.map_points(AnonymousUser(), query, 1)
    assert len(cut.rows) == 1 and cut.truncated


def test_elasticsearch_pages_through_the_points_up_to_the_bound(entries, monkeypatch):
    placed, _unplaced = entries
    monkeypatch.setattr(es_engine, "MAP_CHUNK", 1)
    monkeypatch.setattr(es_queries, "MAP_CHUNK", 1)
    indexed = bodies(*placed, *placed)  # four placed hits
    with StubCluster(holding(indexed)) as cluster:
        engine = ElasticsearchEngine(cluster.url, index_prefix="maillage-test-map-", timeout=2)
        points = engine.map_points(AnonymousUser(), SearchQuery(), 2)
    assert len(points.rows) == 2 and points.truncated
    sent = [json.loads(raw) for _method, _path, raw in cluster.requests]
    assert [body["size"] for body in sent] == [1] * len(sent)
    assert "search_after" not in sent[0] and "search_after" in sent[1]


def test_an_unreachable_cluster_leaves_the_map_to_the_database(entries, caplog):
    engine = FallbackEngine(
        ElasticsearchEngine(f"http://127.0.0.1:{closed_port()}", index_prefix="t-", timeout=1),
        DatabaseEngine(),
    )
    query = SearchQuery(text="logement", kinds=["structure"])
    points = engine.map_points(AnonymousUser(), query, 10)
    counts = engine.map_counts(AnonymousUser(), query)
    assert points.degraded and counts.degraded
    assert len(points.rows) == 2 and (counts.total, counts.unplaced) == (3, 1)
    assert "indisponible" in caplog.text


# --- The list, the map and the GeoJSON agree on the selected engine ------------------------------


def test_list_map_counts_and_geojson_agree_on_elasticsearch(entries, client, settings):
    placed, unplaced = entries
    # The cluster holds one placed structure and the unplaced one; the database holds a
    # second placed structure that the cluster does not know (it lags behind): every view
    # must read the cluster, and they must agree with each other.
    with StubCluster(holding(bodies(placed[0], unplaced))) as cluster:
        settings.SEARCH_ENGINE = "elasticsearch"
        settings.ELASTICSEARCH_URL = cluster.url
        listed = client.get("/annuaire/?q=logement").context["results"]
        mapped = client.get("/annuaire/carte/?q=logement").context
        collection = json.loads(client.get("/api/annuaire.geojson?q=logement").content)
    assert not listed.degraded and not mapped["results"].degraded
    titles = {hit.title for hit in listed.page.object_list}
    assert titles == {"Logement Metz A", "Logement sans adresse"}
    assert mapped["results"].total == listed.total == 2
    assert {entry.title for entry in mapped["entries"]} == titles
    assert mapped["unmapped"] == 1
    assert {feature["properties"]["id"] for feature in collection["features"]} == {
        feature_id("directory.organisation", placed[0].pk)
    }
    assert len(collection["features"]) == listed.total - mapped["unmapped"]
    # The database alone would have said otherwise: the views did ask the cluster.
    assert DatabaseEngine().map_counts(AnonymousUser(), SearchQuery(text="logement")).total == 3
