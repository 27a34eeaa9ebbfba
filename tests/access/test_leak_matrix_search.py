"""The leak matrix for the site search and its suggestions: a canary of a tier the role
does not reach is never found, nor suggested, nor counted; one it reaches is found."""

import pytest

from tests.access.conftest import MARKERS, ROLES, TIERS, VISIBLE

pytestmark = pytest.mark.usefixtures("world")


def hidden(role):
    return [MARKERS[tier] for tier in TIERS if tier not in VISIBLE[role]]


@pytest.mark.parametrize("role", ROLES)
def test_site_search_finds_only_what_the_role_reaches(as_role, role):
    client = as_role(role)
    text = ""
    for url in (
        "/recherche/?q=canari",
        "/recherche/?q=canari&type=structure",
        "/recherche/?q=canari&type=espace",
        "/recherche/?q=canari&page=2",
    ):
        response = client.get(url)
        assert response.status_code == 200
        text += response.content.decode()
    leaked = [marker for marker in hidden(role) if marker in text]
    assert not leaked, f"{role} trouve {leaked} dans la recherche"
    for tier in VISIBLE[role]:
        assert MARKERS[tier] in text, f"{role} ne trouve pas {MARKERS[tier]}"


@pytest.mark.parametrize("role", ROLES)
def test_kind_counts_count_only_what_the_role_reaches(as_role, role):
    body = as_role(role).get("/recherche/?q=canari").content.decode()
    # Each tier has one canary structure: the count of structures is the tiers reached.
    assert f'Structure <span class="count">({len(VISIBLE[role])})</span>' in body


@pytest.mark.parametrize("role", ROLES)
def test_suggestions_suggest_only_what_the_role_reaches(as_role, role):
    data = as_role(role).get("/recherche/suggestions/?q=canari").json()
    text = " ".join(data["suggestions"])
    assert not [marker for marker in hidden(role) if marker in text]


@pytest.mark.parametrize("role", ["anonymous", "partner"])
def test_search_responses_are_not_cached_publicly_for_logged_in_readers(as_role, role):
    response = as_role(role).get("/recherche/?q=canari")
    if role == "anonymous":
        assert "no-store" not in response.get("Cache-Control", "")
    else:
        assert "private" in response["Cache-Control"]
