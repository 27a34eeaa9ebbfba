"""Absolute URLs name the host the hub is served from, never `localhost` (issue 13):
`hub.absolute_urls` reads the request when there is one, else the configured site.

The demo's Wagtail `Site` says `localhost` (a developer's machine): a request through the
test client with another host must still get that host in the GeoJSON, the data·inclusion
records and the PDF covers; a command, which has no request, uses the `Site`'s root."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from pypdf import PdfReader
from wagtail.models import Site

from hub.absolute_urls import absolute_url, page_url, site_root

HOST = "maillage.example.org"


@pytest.fixture(scope="module")
def demo_once(demo_module):
    """The whole demo, once for the module (`tests/support/demo.py`)."""


@pytest.fixture(autouse=True)
def _host(settings, tmp_path):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    settings.MAILLAGE_PDF_CACHE_DIR = str(tmp_path / "pdf-cache")


def set_site(hostname, port=443):
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = hostname, port
    site.save()
    return site


def pdf_text(content) -> str:
    assert content[:4] == b"%PDF", content[:200]
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", "", text)  # an address may be cut at the end of a line


# --- The helper, without the demo --------------------------------------------------------------


def test_a_request_gives_its_own_host():
    request = RequestFactory().get("/", HTTP_HOST=HOST)
    assert site_root(request) == f"http://{HOST}"
    assert absolute_url("/annuaire/cmp/", request) == f"http://{HOST}/annuaire/cmp/"
    assert (
        absolute_url("https://ailleurs.example.org/x", request) == "https://ailleurs.example.org/x"
    )
    secure = RequestFactory().get("/", HTTP_HOST=HOST, secure=True)
    assert site_root(secure) == f"https://{HOST}"


def test_without_a_request_the_configured_site_wins_over_localhost(settings):
    from tests.guide.conftest import make_guide

    make_guide(chapters=())  # a default Site on `localhost`, as the demo makes it
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = ["localhost"]
    assert site_root() == "http://localhost"  # a developer's machine: nothing else known
    settings.ALLOWED_HOSTS = ["localhost", ".example.org", HOST]
    settings.DEBUG = False
    assert site_root() == f"https://{HOST}"  # production serves https
    settings.WAGTAILADMIN_BASE_URL = "https://admin.example.org/"
    assert site_root() == "https://admin.example.org"
    set_site(HOST)
    assert site_root() == f"https://{HOST}"  # the administrator's Site comes first


def test_a_page_url_uses_the_readers_host_not_the_sites_localhost():
    from tests.guide.conftest import make_guide

    guide = make_guide()
    request = RequestFactory().get("/", HTTP_HOST=HOST)
    assert page_url(guide.index, request) == f"http://{HOST}/guide/"
    assert guide.index.full_url == "http://localhost/guide/"  # what Wagtail alone says
    set_site(HOST)
    assert page_url(guide.index) == f"https://{HOST}/guide/"


# --- On the demo: the API, the exports and the PDFs --------------------------------------------


@pytest.mark.usefixtures("demo_once")
def test_geojson_features_link_to_the_requests_host(client):
    response = client.get("/api/annuaire.geojson", HTTP_HOST=HOST)
    assert response.status_code == 200
    features = json.loads(response.content)["features"]
    assert features
    for feature in features:
        assert feature["properties"]["url"].startswith(f"http://{HOST}/annuaire/")
    assert b"localhost" not in response.content


@pytest.mark.usefixtures("demo_once")
@pytest.mark.parametrize("kind", ["structures", "services"])
def test_data_inclusion_records_link_to_the_requests_host(client, kind):
    response = client.get(f"/api/data-inclusion/{kind}.json", HTTP_HOST=HOST)
    records = json.loads(b"".join(response.streaming_content))
    assert records
    for record in records:
        assert record["lien_source"].startswith(f"http://{HOST}/annuaire/")
    assert not any("localhost" in json.dumps(record) for record in records)


@pytest.mark.usefixtures("demo_once")
def test_the_data_inclusion_command_uses_the_sites_root_url(tmp_path):
    set_site(HOST)
    call_command("export_data_inclusion", output=tmp_path, stdout=io.StringIO())
    for name in ("structures.json", "services.json"):
        content = (tmp_path / name).read_text(encoding="utf-8")
        records = json.loads(content)
        assert records
        assert all(r["lien_source"].startswith(f"https://{HOST}/annuaire/") for r in records)
        assert "localhost" not in content


@pytest.mark.usefixtures("demo_once")
def test_the_charter_pdf_cover_names_the_requests_host(client):
    response = client.get("/charte/charte.pdf", HTTP_HOST=HOST)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert f"http://{HOST}/charte/" in text
    assert "localhost" not in text


@pytest.mark.usefixtures("demo_once")
def test_a_chapter_pdf_names_the_requests_host_and_is_cached_per_host(client, settings):
    from guide.models import GuideChapterPage

    chapter = GuideChapterPage.objects.live().filter(audience="public").first()
    url = chapter.url + "chapitre.pdf"
    text = pdf_text(client.get(url, HTTP_HOST=HOST).content)
    assert f"http://{HOST}{chapter.url}" in text and "localhost" not in text
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "autre.example.org"]
    other = pdf_text(client.get(url, HTTP_HOST="autre.example.org").content)
    assert f"http://autre.example.org{chapter.url}" in other and HOST not in other
