"""`/annuaire/carte/`: the map page and its accessible list, rendered by the server.

The page must give every result without JavaScript and without tiles: the list, with
kind, link and commune, and « position inconnue » for entries that cannot be mapped. The
map itself (directory/static/directory/js/map.js) reads its settings from data
attributes, checked here; its behaviour in a browser is described in that file."""

import io
import os
import re
import subprocess
import sys
from html import unescape

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase

from directory.api.geojson import feature_id
from search.models import SearchDocument
from tests.directory.helpers import make_organisation

URL = "/annuaire/carte/"
VENDORED = [
    "directory/vendor/leaflet/leaflet.js",
    "directory/vendor/leaflet/leaflet.css",
    "directory/vendor/leaflet/images/marker-icon.png",
    "directory/vendor/leaflet/images/marker-icon-2x.png",
    "directory/vendor/leaflet/images/marker-shadow.png",
    "directory/vendor/leaflet/images/layers.png",
    "directory/vendor/leaflet/images/layers-2x.png",
    "directory/vendor/leaflet/LICENSE",
    "directory/vendor/leaflet.markercluster/leaflet.markercluster.js",
    "directory/vendor/leaflet.markercluster/MarkerCluster.css",
    "directory/vendor/leaflet.markercluster/MarkerCluster.Default.css",
    "directory/vendor/leaflet.markercluster/MIT-LICENCE.txt",
    "directory/vendor/README.md",
    "directory/js/map.js",
    "directory/css/map.css",
]
TILES_NOTICE = "Le fond de carte n’est pas disponible"


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The demo with its search documents, loaded once for this module and rolled back at
    the end (each test runs in its own savepoint)."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("load_demo", stdout=io.StringIO())
            yield
            transaction.set_rollback(True)


pytestmark = pytest.mark.usefixtures("demo_once")


def page(client, query=""):
    response = client.get(f"{URL}{query}")
    assert response.status_code == 200
    return response.content.decode()


def map_attribute(html, name):
    match = re.search(rf'<div id="carte"[^>]*?\s{name}="([^"]*)"', html, re.S)
    assert match, f"#carte n'a pas d'attribut {name}"
    return unescape(match[1])


def list_section(html):
    start = html.index('id="liste-resultats"')
    return html[start : html.index("</section>", start)]


def status_region(html):
    return re.search(r'<div class="map-status"[^>]*role="status"[^>]*>(.*?)</div>', html, re.S)[1]


def test_the_page_loads_the_vendored_leaflet_from_static_files(client):
    html = page(client)
    for path in [
        "directory/vendor/leaflet/leaflet.js",
        "directory/vendor/leaflet/leaflet.css",
        "directory/vendor/leaflet.markercluster/leaflet.markercluster.js",
        "directory/vendor/leaflet.markercluster/MarkerCluster.css",
        "directory/vendor/leaflet.markercluster/MarkerCluster.Default.css",
        "directory/js/map.js",
        "directory/css/map.css",
    ]:
        assert f"{settings.STATIC_URL}{path}" in html
    # Nothing from a CDN: every script and stylesheet is ours.
    for url in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html):
        assert not url.startswith(("http:", "https:", "//")), url


@pytest.mark.parametrize("path", VENDORED)
def test_every_vendored_file_is_found_by_the_static_finders(path):
    assert finders.find(path), path


def test_the_vendored_scripts_are_the_expected_versions():
    leaflet = open(finders.find("directory/vendor/leaflet/leaflet.js"), encoding="utf-8").read()
    assert "Leaflet 1.9.4" in leaflet[:300]
    # No source map is shipped: a dangling reference would break the manifest storage.
    assert "sourceMappingURL" not in leaflet
    cluster = finders.find("directory/vendor/leaflet.markercluster/leaflet.markercluster.js")
    assert "sourceMappingURL" not in open(cluster, encoding="utf-8").read()
    readme = open(finders.find("directory/vendor/README.md"), encoding="utf-8").read()
    assert "1.9.4" in readme and "1.5.3" in readme and "BSD-2-Clause" in readme


def test_the_map_is_a_labelled_region_after_a_skip_link_to_the_list(client):
    html = page(client)
    assert re.search(r'<div id="carte"[^>]*role="region"[^>]*aria-label="Carte', html, re.S)
    skip = html.index('href="#liste-resultats"')
    assert skip < html.index('<div id="carte"') < html.index('<h2 id="liste-resultats"')
    # Without JavaScript the map area says where the results are.
    assert "La carte interactive a besoin de JavaScript" in html


def test_the_page_shares_the_directory_search_form_sent_to_the_map(client):
    html = page(client, "?q=cmp")
    form = re.search(r'<form class="form directory-filters"[^>]*>', html)[0]
    assert f'action="{URL}"' in form
    assert 'role="search"' in form
    assert 'name="q" id="id_q" value="cmp"' in html
    assert 'name="type"' in html  # the facets, with their counts


def test_the_list_gives_every_result_with_kind_link_and_commune(client):
    html = page(client, "?lieu=Metz")
    listing = list_section(html)
    assert 'href="/annuaire/cmp-metz-ch-jury/"' in listing
    assert "CMP de Metz" in listing
    assert "Centre médico-psychologique (CMP)" in listing
    assert "Metz" in listing
    assert "Paris" not in listing
    count = int(re.search(r"(\d+) résultats", html)[1])
    assert count == len(re.findall(r'class="map-list__item"', listing)) > 1


def test_the_list_and_the_geojson_show_the_same_entries(client):
    html = page(client, "?type=cmp")
    listed = set(re.findall(r'id="entree-([\w-]+)"', html))
    geojson = client.get("/api/annuaire.geojson?type=cmp").json()
    mapped = {feature["properties"]["id"] for feature in geojson["features"]}
    assert listed and listed == mapped
    # Each mapped entry has its « voir sur la carte » button, for the script to enable.
    buttons = set(re.findall(r'data-feature-id="([\w-]+)"', html))
    assert buttons == mapped
    assert "Voir sur la carte" in html


def test_the_map_reads_the_same_query_from_the_geojson_api(client):
    html = page(client, "?q=cmp&lieu=Metz&page=1")
    url = map_attribute(html, "data-geojson-url")
    assert url.startswith("/api/annuaire.geojson?")
    assert "q=cmp" in url and "lieu=Metz" in url
    assert "page=" not in url


def test_tile_url_and_attribution_come_from_the_settings(client, settings):
    settings.MAILLAGE_MAP_TILE_URL = "https://tuiles.example.org/{z}/{x}/{y}.png"
    settings.MAILLAGE_MAP_ATTRIBUTION = "© Tuiles d’exemple"
    html = page(client)
    assert map_attribute(html, "data-tile-url") == "https://tuiles.example.org/{z}/{x}/{y}.png"
    assert map_attribute(html, "data-attribution") == "© Tuiles d’exemple"
    assert status_region(html) == ""


def test_by_default_the_tiles_are_openstreetmaps_with_its_attribution(client):
    html = page(client)
    assert map_attribute(html, "data-tile-url") == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    attribution = map_attribute(html, "data-attribution")
    assert "contributeurs d’OpenStreetMap" in attribution
    assert "https://www.openstreetmap.org/copyright" in attribution


def test_the_page_names_the_third_party_tile_server_and_links_the_privacy_page(client, settings):
    settings.MAILLAGE_MAP_TILE_URL = "https://tuiles.example.org/{z}/{x}/{y}.png"
    html = page(client)
    notice = re.search(r'<p[^>]*data-map-notice="third-party"[^>]*>(.*?)</p>', html, re.S)
    assert notice, "no third-party notice on the map page"
    text = unescape(notice.group(1))
    assert "tuiles.example.org" in text
    assert "adresse IP" in text
    assert 'href="/donnees-personnelles/"' in notice.group(1)
    settings.MAILLAGE_MAP_TILE_URL = ""
    assert 'data-map-notice="third-party"' not in page(client)


def test_without_a_tile_server_the_page_says_the_background_is_unavailable(client, settings):
    settings.MAILLAGE_MAP_TILE_URL = ""
    html = page(client)
    assert map_attribute(html, "data-tile-url") == ""
    status = status_region(html)
    assert TILES_NOTICE in status
    assert "la liste ci-dessous présente tous les résultats" in status
    # The list is still there.
    assert "CMP de Metz" in list_section(html)


@pytest.mark.parametrize("value", ["none", "aucun"])
def test_the_environment_switches_the_tiles_off_with_none(value):
    env = {**os.environ, "MAILLAGE_MAP_TILE_URL": value, "DJANGO_SETTINGS_MODULE": ""}
    code = "import hub.settings.test as s; print(repr(s.MAILLAGE_MAP_TILE_URL))"
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "''"


def test_an_entry_without_position_is_listed_not_mapped(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        organisation = make_organisation("Association Sans Adresse Connue")
    document = SearchDocument.objects.get(
        source="directory.organisation", object_id=organisation.pk
    )
    html = page(client, "?q=sans adresse connue")
    key = feature_id(document.source, document.object_id)
    item = re.search(rf'<li class="map-list__item" id="entree-{key}">(.*?)</li>', html, re.S)
    assert "Association Sans Adresse Connue" in item[1]
    assert "position inconnue" in item[1]
    assert "data-feature-id" not in item[1]
    assert "sans position connue" in html
    assert client.get("/api/annuaire.geojson?q=sans adresse connue").json()["features"] == []


def test_invalid_criteria_are_explained_and_nothing_is_mapped(client):
    html = page(client, "?rayon=10")
    assert "Erreur :" in html
    assert "Indiquez une commune pour chercher autour d" in html
    assert 'class="error-summary"' in html
    assert map_attribute(html, "data-geojson-url") == ""


def test_an_unknown_place_says_so(client):
    html = page(client, "?lieu=Atlantide-sur-Mer")
    assert "Aucune commune ne correspond" in html
    assert "Aucun résultat ne correspond à cette recherche" in html


def test_the_list_is_paginated_by_one_hundred(client):
    SearchDocument.objects.bulk_create(
        SearchDocument(
            source="tests.synthetic",
            object_id=index,
            kind="structure",
            title=f"Entrée synthétique {index:03d}",
            url=f"/annuaire/synthetique-{index}/",
            search_text=f"entree synthetique {index:03d}",
            latitude=49.1,
            longitude=6.17,
        )
        for index in range(130)
    )
    first = page(client, "?q=synthetique")
    assert len(re.findall(r'class="map-list__item"', first)) == 100
    assert "Page 1 sur 2" in first
    assert 'href="?q=synthetique&amp;page=2#liste-resultats"' in first
    second = page(client, "?q=synthetique&page=2")
    assert len(re.findall(r'class="map-list__item"', second)) == 30
    assert 'rel="prev"' in second
    # The map still gets every result, not only the page's.
    assert "page=" not in map_attribute(second, "data-geojson-url")
    features = client.get("/api/annuaire.geojson?q=synthetique").json()["features"]
    assert len(features) == 130
