"""/recherche/ as a reader uses it: French words, grouped results, highlighted snippets,
suggestions when nothing is found, bounded input, and counted misses (never the words)."""

import pytest
from django.utils import timezone

from search.models import ZeroResultCount

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(demo):
    return demo


def test_a_french_query_finds_the_directory_and_the_pages_grouped_by_kind(client, site):
    response = client.get("/recherche/", {"q": "logements"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "résultats pour « logements »" in body
    # Grouped by kind, each group with its heading.
    assert 'id="groupe-structure"' in body or 'id="groupe-service"' in body
    assert 'id="groupe-page"' in body or 'id="groupe-projet"' in body
    assert "<mark>" in body


@pytest.mark.parametrize("text", ["hebergement", "sante", "acces", "CMP Metz"])
def test_accents_and_plurals_do_not_matter(client, site, text):
    body = client.get("/recherche/", {"q": text}).content.decode()
    assert "Aucun résultat" not in body


def test_kind_filter_narrows_and_is_shown_as_current(client, site):
    body = client.get("/recherche/", {"q": "metz", "type": "instance"}).content.decode()
    assert 'id="groupe-instance"' in body
    assert 'id="groupe-structure"' not in body


def test_nothing_found_suggests_each_word_and_counts_the_miss_without_the_words(client, site):
    response = client.get("/recherche/", {"q": "logement zzzqqq"})
    body = response.content.decode()
    assert "Aucun résultat" in body
    assert "Chaque mot seul donne des résultats" in body
    assert '?q=logement"' in body
    row = ZeroResultCount.objects.get(day=timezone.localdate())
    assert row.count == 1
    assert "zzzqqq" not in str(list(ZeroResultCount.objects.values()))


def test_oversized_or_operator_queries_answer_with_a_french_message(client, site):
    response = client.get("/recherche/", {"q": "x" * 50_000})
    assert response.status_code == 200
    assert "La recherche est trop longue" in response.content.decode()
    for text in ['((((" AND OR NOT *:*', "-- ; DROP TABLE", '"""', "*"]:
        assert client.get("/recherche/", {"q": text}).status_code == 200


def test_suggestions_answer_json_titles(client, site):
    data = client.get("/recherche/suggestions/", {"q": "clsm"}).json()
    assert data["q"] == "clsm"
    assert any("CLSM" in title for title in data["suggestions"])
    assert client.get("/recherche/suggestions/", {"q": "c"}).json()["suggestions"] == []


def test_the_header_has_a_search_box(client, site):
    body = client.get("/").content.decode()
    assert 'role="search"' in body and 'action="/recherche/"' in body
