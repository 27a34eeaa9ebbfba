"""The leak matrix, for the directory map: the GeoJSON API (`/api/annuaire.geojson`, plain
and with a text and place query) and the map page with its accessible list. For every
role, the markers of the canaries the role reaches are there, those of the other tiers
never are: not as a feature, not in the list, not in a facet or a count."""

import gzip
import json
import re

import pytest

from directory.api.geojson import feature_id
from search.models import SearchDocument
from tests.access.conftest import MARKERS, ROLES, TIERS, VISIBLE

pytestmark = pytest.mark.usefixtures("world")

GEOJSON_URLS = ["/api/annuaire.geojson", "/api/annuaire.geojson?q=canari&lieu=Metz"]
MAP_URL = "/annuaire/carte/?q=canari"


def canary_documents(world, tier):
    """The map keys of a tier's canaries: its structure, service and instance."""
    return {
        feature_id("directory.organisation", world.organisations[tier].pk),
        feature_id("directory.service", world.services[tier].pk),
        feature_id("directory.coordinationinstance", world.instances[tier].pk),
    }


def assert_exactly_visible_tiers(role, text, where):
    for tier in TIERS:
        if tier in VISIBLE[role]:
            assert MARKERS[tier] in text, f"{role} ne voit pas {tier} via {where}"
        else:
            assert MARKERS[tier] not in text, f"{role} voit {tier} via {where}"


@pytest.mark.parametrize("url", GEOJSON_URLS)
@pytest.mark.parametrize("role", ROLES)
def test_geojson_shows_markers_of_the_visible_tiers_only(as_role, world, role, url):
    response = as_role(role).get(url)
    assert response.status_code == 200
    data = json.loads(response.content)
    assert_exactly_visible_tiers(role, response.content.decode(), url)
    ids = {feature["properties"]["id"] for feature in data["features"]}
    for tier in TIERS:
        documents = canary_documents(world, tier)
        if tier in VISIBLE[role]:
            # Every canary of the tier is a marker: structure, service and instance.
            assert documents <= ids, f"{role} : marqueurs {tier} absents de {url}"
        else:
            assert not documents & ids, f"{role} : marqueurs {tier} dans {url}"


@pytest.mark.parametrize("role", ROLES)
def test_gzipped_geojson_leaks_nothing_either(as_role, role):
    response = as_role(role).get(GEOJSON_URLS[1], HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert_exactly_visible_tiers(role, gzip.decompress(response.content).decode(), "gzip")


@pytest.mark.parametrize("role", ROLES)
def test_the_map_page_and_its_list_show_the_visible_tiers_only(as_role, world, role):
    response = as_role(role).get(MAP_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert_exactly_visible_tiers(role, html, MAP_URL)
    # The list (and its « voir sur la carte » buttons) names exactly the visible canaries.
    listed = set(re.findall(r'id="entree-([\w-]+)"', html))
    for tier in TIERS:
        documents = canary_documents(world, tier)
        if tier in VISIBLE[role]:
            assert documents <= listed
        else:
            assert not documents & listed


@pytest.mark.parametrize("role", ROLES)
def test_the_map_page_never_links_a_hidden_canary(as_role, world, role):
    html = as_role(role).get(MAP_URL).content.decode()
    for tier in TIERS:
        link = f'href="/annuaire/{world.organisations[tier].slug}/'
        assert (link in html) == (tier in VISIBLE[role]), (role, tier)


@pytest.mark.parametrize("role", ["partner", "family_a", "instance"])
def test_a_logged_in_persons_geojson_is_private_and_never_stored(as_role, role):
    response = as_role(role).get(GEOJSON_URLS[0])
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_the_anonymous_geojson_holds_only_public_entries_so_may_be_shared(client, world):
    response = client.get(GEOJSON_URLS[0])
    assert response["Cache-Control"] == "public, max-age=300"
    ids = {feature["properties"]["id"] for feature in json.loads(response.content)["features"]}
    documents = SearchDocument.objects.values_list("source", "object_id", "access_tier")
    tiers = {tier for source, pk, tier in documents if feature_id(source, pk) in ids}
    assert len(ids) > 5
    assert tiers == {"public"}
