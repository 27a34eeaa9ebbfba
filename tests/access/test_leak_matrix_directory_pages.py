"""The leak matrix, for the directory's public pages: the search list and its facet
counts, the entry pages, « qui contacter ? » and the sitemap. For every role, a canary of
a tier the role does not reach never shows up; a canary it does reach does.

The canaries (tests/access/conftest.py): per tier, a structure in Metz with a service and a
contact, and a coordination instance covering Metz; and a public contact of the public
structure whose phone line is for partners (`world.partner_phone`).
"""

import pytest

from tests.access.conftest import MARKERS, ROLES, TIERS, VISIBLE

pytestmark = pytest.mark.usefixtures("world")


def hidden_markers(role):
    return [MARKERS[tier] for tier in TIERS if tier not in VISIBLE[role]]


def assert_no_leak(role, text, where):
    leaked = [marker for marker in hidden_markers(role) if marker in text]
    assert not leaked, f"{role} voit {leaked} via {where}"


def assert_sees_its_tiers(role, text, where):
    missing = [MARKERS[tier] for tier in VISIBLE[role] if MARKERS[tier] not in text]
    assert not missing, f"{role} ne voit pas {missing} via {where}"


def all_pages(client, params):
    """The text of every page of a directory search, and the first page's response."""
    first = client.get("/annuaire/", params)
    assert first.status_code == 200
    text = first.content.decode()
    for number in range(2, first.context["results"].page.paginator.num_pages + 1):
        text += client.get("/annuaire/", {**params, "page": number}).content.decode()
    return first, text


@pytest.mark.parametrize("role", ROLES)
def test_search_for_canari_lists_and_counts_only_what_the_role_reaches(as_role, role):
    response, text = all_pages(as_role(role), {"q": "canari", "lieu": "Metz"})
    assert_no_leak(role, text, "la recherche de l'annuaire")
    assert_sees_its_tiers(role, text, "la recherche de l'annuaire")
    results = response.context["results"]
    reached = len(VISIBLE[role])
    # Per reached tier: its structure, its service, its instance.
    assert results.total == 3 * reached
    counts = {value.value: value.count for value in results.facets["type"]}
    assert counts == {"association": reached, "service": reached, "instance": reached}
    # Every facet count is within what the role may see.
    for values in results.facets.values():
        assert all(value.count <= results.total for value in values)


@pytest.mark.parametrize("role", ROLES)
def test_radius_search_around_metz_shows_only_what_the_role_reaches(as_role, role):
    response, text = all_pages(as_role(role), {"lieu": "Metz", "rayon": 10})
    assert_no_leak(role, text, "la recherche par rayon")
    assert_sees_its_tiers(role, text, "la recherche par rayon")
    thematique = {v.value: v.count for v in response.context["results"].facets["thematique"]}
    facet_text = response.content.decode()
    assert_no_leak(role, facet_text, "les facettes")
    # The canary structures are "santé"; their count grows with the tiers reached only.
    assert thematique.get("sante", 0) >= len(VISIBLE[role])


@pytest.mark.parametrize("role", ROLES)
def test_facet_counts_of_a_canary_filter_follow_the_tiers(as_role, role):
    client = as_role(role)
    response = client.get(
        "/annuaire/", {"q": "canari", "public": "personnes-en-situation-de-handicap"}
    )
    results = response.context["results"]
    # The canary services carry this public, one per reached tier; so does each canary
    # structure, whose document takes the facets of the services all its readers may see
    # (here its own service, of the same tier).
    expected = 2 * len(VISIBLE[role])
    assert results.total == expected
    publics = {value.value: value.count for value in results.facets["public"]}
    assert publics["personnes-en-situation-de-handicap"] == expected
    assert_no_leak(role, response.content.decode(), "les facettes filtrées")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("tier", TIERS)
def test_canary_entry_pages_answer_only_within_their_tier(as_role, world, role, tier):
    client = as_role(role)
    for entry in (world.organisations[tier], world.instances[tier]):
        response = client.get(f"/annuaire/{entry.slug}/")
        body = response.content.decode()
        if tier in VISIBLE[role]:
            assert response.status_code == 200, (role, entry.slug)
            assert MARKERS[tier] in body
            assert_no_leak(role, body, f"la fiche {entry.slug}")
        else:
            assert response.status_code == 404, (role, entry.slug)
            assert MARKERS[tier] not in body


@pytest.mark.parametrize("role", ROLES)
def test_public_entry_pages_of_metz_name_no_hidden_canary(as_role, world, role):
    """The CLSM of Metz and the public canary link to other entries: only visible ones."""
    client = as_role(role)
    text = ""
    for url in ("/annuaire/clsm-metz/", "/annuaire/canari-public/", "/annuaire/ch-jury/"):
        response = client.get(url)
        assert response.status_code == 200
        text += response.content.decode()
    assert_no_leak(role, text, "les fiches publiques")


@pytest.mark.parametrize("role", ROLES)
def test_who_covers_metz_shows_no_hidden_canary(as_role, role):
    response = as_role(role).get("/qui-contacter/", {"lieu": "57463"})
    assert response.status_code == 200
    text = response.content.decode()
    assert_no_leak(role, text, "qui contacter ?")
    assert_sees_its_tiers(role, text, "qui contacter ?")


@pytest.mark.parametrize("role", ROLES)
def test_partner_phone_line_is_never_shown_to_anonymous_or_expired(as_role, world, role):
    client = as_role(role)
    text = client.get("/annuaire/canari-public/").content.decode()
    text += client.get("/qui-contacter/", {"lieu": "57463"}).content.decode()
    text += all_pages(client, {"q": "canari", "lieu": "Metz"})[1]
    digits = world.partner_phone.replace(" ", "")
    if role in ("anonymous", "expired"):
        assert world.partner_phone not in text
        assert digits not in text
        assert "réservé aux partenaires" in text
    else:
        assert world.partner_phone in text


@pytest.mark.parametrize("role", ROLES)
def test_sitemap_lists_no_restricted_directory_entry(as_role, world, role):
    text = as_role(role).get("/sitemap.xml").content.decode()
    assert "/annuaire/canari-public/" in text
    assert "/annuaire/instance-canari-public/" in text
    for tier in TIERS[1:]:
        assert f"/annuaire/{world.organisations[tier].slug}/" not in text
        assert f"/annuaire/{world.instances[tier].slug}/" not in text
    assert_no_leak("anonymous", text, "sitemap.xml")
