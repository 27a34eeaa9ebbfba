"""The page cache under hostile or bulk use (issue 12): keyed on every header the response
varies on, a bounded number of query-string variants per path, emptied by imports."""

import gzip
import io

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client
from django.urls import path
from django.utils.cache import patch_vary_headers

from hub.cache import KEY_PREFIX, STATUS_HEADER, current_version, page_cache
from tests.directory.helpers import load_communes
from tests.directory.test_data_inclusion import run, synthetic_files
from tests.hub.test_page_cache import page_cache_on  # noqa: F401 (fixture)

BODY = b'{"type":"FeatureCollection","features":[]}' * 20


def encoded_view(request):
    """Gzip when asked, as /api/annuaire.geojson does."""
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(gzip.compress(BODY), content_type="application/geo+json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(BODY, content_type="application/geo+json")
    patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
    return response


def plain_view(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("encoded/", encoded_view),
    path("plain/", plain_view),
]


@pytest.fixture
def urls(settings, page_cache_on):  # noqa: F811
    settings.ROOT_URLCONF = __name__


def stored_pages():
    """Responses held by the page cache (local-memory cache in tests)."""
    keys = page_cache()._cache.keys()
    return [k for k in keys if KEY_PREFIX in k and ":vary:" not in k and ":count:" not in k]


def test_a_gzipped_response_is_never_served_to_a_client_that_did_not_ask_for_gzip(urls):
    gzipped = Client().get("/encoded/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert gzipped["Content-Encoding"] == "gzip"
    assert gzipped[STATUS_HEADER] == "miss"
    plain = Client().get("/encoded/")
    assert "Content-Encoding" not in plain
    assert plain.content == BODY
    # Each client gets its own copy again, and the same ask in another order shares it.
    again = Client().get("/encoded/", HTTP_ACCEPT_ENCODING="br,gzip, deflate")
    assert again[STATUS_HEADER] == "hit" and again["Content-Encoding"] == "gzip"
    plain_again = Client().get("/encoded/", HTTP_ACCEPT_ENCODING="identity")
    assert "Content-Encoding" not in plain_again and plain_again.content == BODY


def test_a_thousand_junk_query_strings_keep_at_most_the_bound(urls, settings):
    settings.MAILLAGE_PAGE_CACHE_VARIANTS_PER_PATH = 20
    client = Client()
    for number in range(1000):
        assert client.get(f"/plain/?junk{number}={number}").status_code == 200
    assert len(stored_pages()) <= 20


def test_parameters_in_another_order_share_one_copy(urls):
    client = Client()
    assert client.get("/plain/?b=2&a=1")[STATUS_HEADER] == "miss"
    assert client.get("/plain/?a=1&b=2")[STATUS_HEADER] == "hit"
    assert client.get("/plain/?a=1&b=3")[STATUS_HEADER] == "miss"


def test_an_overlong_query_string_is_never_cached(urls):
    response = Client().get("/plain/?q=" + "x" * 2000)
    assert STATUS_HEADER not in response
    assert stored_pages() == []


def test_vary_star_is_never_stored(urls, settings):
    def star(request):
        response = HttpResponse(b"star")
        response["Vary"] = "*"
        return response

    urlpatterns.append(path("star/", star))
    try:
        Client().get("/star/")
        assert Client().get("/star/").get(STATUS_HEADER) is None
    finally:
        urlpatterns.pop()


def test_a_directory_import_empties_the_page_cache(page_cache_on, tmp_path):  # noqa: F811
    load_communes("57463", "57480", "69123", "13001")
    before = current_version()
    structures, services, _pairs = synthetic_files(tmp_path, count=3)
    _out, err, error = run("--structures", str(structures), "--services", str(services))
    assert error is None, err
    assert current_version() != before


def test_a_dry_run_import_keeps_the_page_cache(page_cache_on, tmp_path):  # noqa: F811
    load_communes("57463", "57480", "69123", "13001")
    before = current_version()
    structures, services, _pairs = synthetic_files(tmp_path, count=3)
    run("--structures", str(structures), "--services", str(services), "--dry-run")
    assert current_version() == before


def test_a_search_rebuild_empties_the_page_cache(page_cache_on):  # noqa: F811
    before = current_version()
    call_command("rebuild_search", stdout=io.StringIO())
    assert current_version() != before
