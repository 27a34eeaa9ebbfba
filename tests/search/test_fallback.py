"""When Elasticsearch fails at query time, the database engine answers and says so.

The failures are real network failures of the real client: a closed local port (refused),
and a local HTTP stub (`StubCluster`) that answers 503, an unreadable body, or too late.
The stub speaks HTTP, not Elasticsearch: it only drives the client into each failure.
"""

from __future__ import annotations

import logging
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout, SerializationError
from elasticsearch import ApiError, BadRequestError, NotFoundError

from directory.models import OrganisationKind
from search.engines.base import SearchQuery
from search.engines.database import DatabaseEngine
from search.engines.elasticsearch import ElasticsearchEngine
from search.engines.fallback import FallbackEngine, get_engine, is_outage
from tests.directory.helpers import load_communes, make_organisation
from tests.support.elasticsearch import StubCluster, closed_port

QUERY = SearchQuery(text="logements", facet_names=["type"], highlight=True)


@pytest.fixture
def entries(django_capture_on_commit_callbacks):
    communes = load_communes("57463")
    with django_capture_on_commit_callbacks(execute=True):
        make_organisation(
            "Résidence Hébergement Moselle",
            OrganisationKind.HOUSING_OPERATOR,
            commune=communes["57463"],
            description="Logement accompagné.",
        )
        make_organisation(
            "Structure réservée",
            commune=communes["57463"],
            access_tier="partners",
            description="Logement réservé.",
        )


def wrapped(url, timeout=1):
    engine = ElasticsearchEngine(url, index_prefix="maillage-test-fallback-", timeout=timeout)
    return FallbackEngine(engine, DatabaseEngine())


def titles(result):
    return [hit.title for hit in result.hits]


def test_an_unreachable_cluster_is_answered_by_the_database_quickly(entries, caplog):
    engine = wrapped(f"http://127.0.0.1:{closed_port()}")
    expected = DatabaseEngine().search(AnonymousUser(), QUERY)
    assert titles(expected) == ["Résidence Hébergement Moselle"]
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="maillage.search"):
        result = engine.search(AnonymousUser(), QUERY)
    assert time.monotonic() - started < 5
    assert result.degraded is True and result.engine == "database"
    assert titles(result) == titles(expected) and result.facets == expected.facets
    assert "<mark>" in result.hits[0].highlight
    assert "indisponible" in caplog.text and "ConnectionError" in caplog.text
    # The reader's words are not written to the log.
    assert "logements" not in caplog.text


def test_the_unreachable_cluster_error_is_the_clients_connection_error(entries):
    primary = ElasticsearchEngine(
        f"http://127.0.0.1:{closed_port()}", index_prefix="maillage-test-", timeout=1
    )
    with pytest.raises(TransportConnectionError) as caught:
        primary.search(AnonymousUser(), QUERY)
    assert is_outage(caught.value)


def test_autocomplete_falls_back_too(entries):
    engine = wrapped(f"http://127.0.0.1:{closed_port()}")
    started = time.monotonic()
    assert engine.autocomplete(AnonymousUser(), "héberg") == ["Résidence Hébergement Moselle"]
    assert time.monotonic() - started < 5


def test_tiers_still_apply_to_the_fallback_answer(entries):
    result = wrapped(f"http://127.0.0.1:{closed_port()}").search(
        AnonymousUser(), SearchQuery(text="réservé")
    )
    assert result.degraded and result.total == 0


def answering(status, body):
    return lambda method, path, raw: (status, body)


@pytest.mark.parametrize(
    "respond, error",
    [
        # The cluster answers, but with a server error: 503 while a node restarts.
        (answering(503, {"error": "no_shard_available", "status": 503}), ApiError),
        # Too many requests: the cluster sheds load.
        (answering(429, {"error": "es_rejected_execution", "status": 429}), ApiError),
        # The answer arrives but cannot be read (a proxy's page, a cut body): the failure
        # happens while *reading* the results, after the request was sent.
        (answering(200, b'{"hits": {"total": '), SerializationError),
    ],
    ids=["503", "429", "unreadable-answer"],
)
def test_server_errors_and_unreadable_answers_fall_back(entries, respond, error):
    with StubCluster(respond) as cluster:
        primary = ElasticsearchEngine(cluster.url, index_prefix="maillage-test-", timeout=1)
        with pytest.raises(error):
            primary.search(AnonymousUser(), QUERY)
        result = FallbackEngine(primary, DatabaseEngine()).search(AnonymousUser(), QUERY)
    assert result.degraded and titles(result) == ["Résidence Hébergement Moselle"]
    assert [method for method, _path, _raw in cluster.requests] == ["POST", "POST"]


def test_a_cluster_slower_than_the_timeout_falls_back_within_it(entries):
    def slow(method, path, raw):
        time.sleep(3)
        return 200, {}

    with StubCluster(slow) as cluster:
        primary = ElasticsearchEngine(cluster.url, index_prefix="maillage-test-", timeout=1)
        started = time.monotonic()
        with pytest.raises(ConnectionTimeout):
            primary.search(AnonymousUser(), QUERY)
        result = FallbackEngine(primary, DatabaseEngine()).search(AnonymousUser(), QUERY)
        elapsed = time.monotonic() - started
    assert result.degraded and elapsed < 5


@pytest.mark.parametrize(
    "status, error",
    [(400, BadRequestError), (404, NotFoundError)],
)
def test_bugs_and_missing_indices_are_raised_not_hidden(entries, status, error):
    with StubCluster(answering(status, {"error": "mauvaise requête", "status": status})) as cluster:
        engine = wrapped(cluster.url)
        with pytest.raises(error):
            engine.search(AnonymousUser(), QUERY)


def test_outages_are_transport_errors_and_server_statuses_only():
    assert is_outage(TransportConnectionError("refusé"))
    assert is_outage(ConnectionTimeout("trop long"))
    assert is_outage(SerializationError("illisible"))
    assert not is_outage(ValueError("un bug"))
    assert not is_outage(KeyError("hits"))


def test_writes_to_an_unreachable_cluster_are_raised_for_the_caller_to_log(entries):
    from search.indexing import with_relations
    from search.models import SearchDocument

    engine = wrapped(f"http://127.0.0.1:{closed_port()}")
    documents = with_relations(SearchDocument.objects.all())
    with pytest.raises(TransportConnectionError):
        engine.index_documents(documents)
    with pytest.raises(TransportConnectionError):
        engine.delete_documents([("directory.organisation", 1)])


# --- get_engine ----------------------------------------------------------------------------------


def test_get_engine_is_the_database_by_default(settings):
    settings.SEARCH_ENGINE = "database"
    assert isinstance(get_engine(), DatabaseEngine)


def test_get_engine_wraps_elasticsearch_with_the_database(settings):
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9200"
    settings.ELASTICSEARCH_INDEX_PREFIX = "maillage-test-"
    settings.ELASTICSEARCH_TIMEOUT = 2
    engine = get_engine()
    assert isinstance(engine, FallbackEngine)
    assert isinstance(engine.primary, ElasticsearchEngine)
    assert isinstance(engine.fallback, DatabaseEngine)
    assert engine.primary.alias == "maillage-test-documents" and engine.primary.timeout == 2
    # One client per configuration, not one per request.
    assert get_engine().primary is engine.primary


def test_get_engine_without_url_says_what_to_set_in_french(settings):
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = None
    with pytest.raises(ImproperlyConfigured, match="ELASTICSEARCH_URL"):
        get_engine()
    settings.SEARCH_ENGINE = "solr"
    with pytest.raises(ImproperlyConfigured, match="inconnu"):
        get_engine()
