"""`/api/annuaire.geojson`: valid GeoJSON of the demo, the same filters as the list,
clear French errors, gzip, cache headers by audience, and the cap on features."""

import gzip
import io
import json
import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import transaction
from django.http import QueryDict
from django.test import TestCase

from directory.api import geojson
from directory.api.geojson import feature_id
from directory.models import OrganisationKind
from directory.query import DirectorySearchForm, engine_query, resolve_place
from search.engines.database import matching
from search.models import SearchDocument
from tests.directory.helpers import make_organisation

URL = "/api/annuaire.geojson"
PROPERTIES = {"id", "kind", "kind_label", "title", "subtitle", "url", "commune"}


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


def get_json(client, query="", **headers):
    response = client.get(f"{URL}{query}", **headers)
    return response, json.loads(response.content)


def ids(collection):
    return {feature["properties"]["id"] for feature in collection["features"]}


def expected_ids(user, params):
    """What the list's query gives for these parameters, restricted to mapped entries."""
    form = DirectorySearchForm(QueryDict(urlencode(params, doseq=True)))
    assert form.is_valid(), form.errors
    query = form.to_query()
    # The database engine's own matching documents: the GeoJSON must give the same.
    documents = matching(user, engine_query(query, resolve_place(query.place)))
    documents = documents.filter(latitude__isnull=False)
    return {feature_id(*pair) for pair in documents.values_list("source", "object_id")}


def test_the_demo_is_a_valid_feature_collection_of_points(client):
    response, data = get_json(client)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    assert data["type"] == "FeatureCollection"
    assert "tronque" not in data
    assert len(data["features"]) >= 30
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lng, lat = feature["geometry"]["coordinates"]
        # France (metropolitan): longitude first, as GeoJSON requires.
        assert -5.5 < lng < 10 and 41 < lat < 51.5
        assert round(lng, 5) == lng and round(lat, 5) == lat
        assert set(feature["properties"]) == PROPERTIES
        assert re.fullmatch(r"directory-[a-z]+-\d+", feature["properties"]["id"])
        assert feature["properties"]["url"].startswith("http://testserver/annuaire/")
        assert feature["properties"]["kind_label"]
    assert ids(data) == expected_ids(AnonymousUser(), {})


def test_the_body_is_compact_json(client):
    content = client.get(URL).content
    compact = json.dumps(json.loads(content), ensure_ascii=False, separators=(",", ":"))
    assert content == compact.encode("utf-8")


@pytest.mark.parametrize(
    "params",
    [
        {"type": "cmp"},
        {"lieu": "Metz"},
        {"lieu": "Metz", "rayon": "10"},
        {"q": "logement"},
        {"type": ["cmp", "bailleur-social"]},
        {"lieu": "Paris 11e", "thematique": "sante"},
    ],
)
def test_it_filters_like_the_list(client, params):
    response = client.get(URL, params)
    assert response.status_code == 200
    found = ids(json.loads(response.content))
    assert found
    assert found == expected_ids(AnonymousUser(), params)


def test_type_cmp_gives_only_cmps(client):
    _response, data = get_json(client, "?type=cmp")
    assert data["features"]
    for feature in data["features"]:
        # The demo's fictitious entries (access levels) are named « [Démo] … ».
        assert feature["properties"]["title"].startswith(("CMP", "[Démo]"))
        assert feature["properties"]["kind"] == "structure"
        assert feature["properties"]["kind_label"] == str(OrganisationKind.CMP.label)


def test_lieu_metz_keeps_metz_and_leaves_paris_out(client):
    _response, data = get_json(client, "?lieu=Metz")
    titles = " | ".join(feature["properties"]["title"] for feature in data["features"])
    assert "CMP de Metz" in titles
    assert "Paris" not in titles and "Marseille" not in titles


@pytest.mark.parametrize(
    "query, field",
    [
        ("?rayon=10", "lieu"),  # a radius needs a commune
        ("?lieu=Metz&rayon=7", "rayon"),  # not one of the choices
        ("?type=inconnu", "type"),
        ("?q=" + "x" * 300, "q"),
    ],
)
def test_invalid_parameters_answer_400_with_french_errors(client, query, field):
    response, data = get_json(client, query)
    assert response.status_code == 400
    assert set(data) == {"erreurs"}
    assert field in data["erreurs"]
    message = " ".join(data["erreurs"][field])
    assert any(word in message for word in ("commune", "Sélectionnez", "valide", "trop longue"))
    assert "no-store" in response["Cache-Control"]


def test_an_unknown_place_gives_no_feature_and_says_why(client):
    response, data = get_json(client, "?lieu=Atlantide-sur-Mer")
    assert response.status_code == 200
    assert data["features"] == []
    assert "Atlantide-sur-Mer" in data["message"]


def test_gzip_when_the_client_accepts_it(client):
    plain = client.get(URL)
    zipped = client.get(URL, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 3
    for response in (plain, zipped):
        vary = {value.strip().lower() for value in response["Vary"].split(",")}
        assert {"cookie", "accept-encoding"} <= vary


def test_anonymous_answers_may_be_cached_publicly_for_five_minutes(client):
    response = client.get(URL)
    assert response["Cache-Control"] == "public, max-age=300"


def test_a_logged_in_persons_answer_is_private_and_never_stored(client):
    client.force_login(get_user_model().objects.get(username="membre.bailleurs"))
    response = client.get(URL)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_entries_without_a_position_are_left_out(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        organisation = make_organisation("Association sans adresse connue")
    document = SearchDocument.objects.get(
        source="directory.organisation", object_id=organisation.pk
    )
    assert document.latitude is None
    _response, data = get_json(client, "?q=sans adresse connue")
    assert data["features"] == []
    _response, data = get_json(client)
    assert feature_id(document.source, document.object_id) not in ids(data)


def test_beyond_the_cap_the_collection_is_cut_and_says_so(client, monkeypatch):
    monkeypatch.setattr(geojson, "MAX_FEATURES", 3)
    _response, data = get_json(client)
    assert len(data["features"]) == 3
    assert data["tronque"] is True
    assert "Précisez la recherche" in data["message"]


def test_one_query_for_the_features_whatever_their_number(client, django_assert_max_num_queries):
    # Session, facet labels of the form (families, territories), then the features.
    with django_assert_max_num_queries(6):
        response = client.get(URL)
    assert len(json.loads(response.content)["features"]) >= 30


def test_only_get_is_allowed(client):
    assert client.post(URL).status_code == 405
