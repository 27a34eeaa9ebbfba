"""With Elasticsearch selected and the cluster down: an editor's save is kept, its
database document is written (the fallback engine finds it), the failure is logged, and
a search is answered by the database engine, saying so."""

import logging
import socket

import pytest
from django.contrib.auth.models import AnonymousUser

from search.engines import get_engine
from search.engines.base import SearchQuery
from search.models import SearchDocument
from tests.directory.helpers import load_communes, make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster_down(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    settings.ELASTICSEARCH_TIMEOUT = 1


def test_a_save_survives_a_cluster_outage_and_search_falls_back(
    cluster_down, django_capture_on_commit_callbacks, caplog
):
    communes = load_communes("57463")
    with caplog.at_level(logging.ERROR, logger="maillage.search"):
        with django_capture_on_commit_callbacks(execute=True):
            make_organisation("Structure pendant la panne", commune=communes["57463"])
    assert SearchDocument.objects.filter(title="Structure pendant la panne").exists()
    assert "rebuild_search" in caplog.text
    result = get_engine().search(AnonymousUser(), SearchQuery(text="panne"))
    assert result.degraded
    assert [hit.title for hit in result.hits] == ["Structure pendant la panne"]


def test_the_site_search_page_says_results_may_be_incomplete(cluster_down, client, demo):
    body = client.get("/recherche/", {"q": "CMP"}).content.decode()
    assert "peuvent être incomplets" in body
    assert "Aucun résultat" not in body


def test_the_directory_says_it_too(cluster_down, client, demo):
    body = client.get("/annuaire/", {"q": "CMP", "lieu": "Metz"}).content.decode()
    assert "peuvent être incomplets" in body
