"""The leak matrix: for every role and every channel, a canary of a tier the role does
not reach never shows up; a canary it does reach does.

Roles: anonymous, partner, family A member, family B member, instance member, family A
referent, and a family A member whose accreditation has expired. Tiers: public,
partners, family A, family B, instance. Channels: the page itself, listings and menus,
sitemap.xml, the pages API (list, detail, search=, child_of=), the document serve view
(also with If-None-Match), and the admin for an editor without rights. Later channels
(directory API, GeoJSON, exports, PDF, search, archive) join this file as they land.
"""

import pytest
from wagtail.models import Page

from tests.access.conftest import MARKERS, ROLES, TIERS, VISIBLE

pytestmark = pytest.mark.usefixtures("world")


def hidden_markers(role):
    return [MARKERS[tier] for tier in TIERS if tier not in VISIBLE[role]]


def assert_no_leak(role, text, where):
    leaked = [marker for marker in hidden_markers(role) if marker in text]
    assert not leaked, f"{role} voit {leaked} via {where}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("tier", TIERS)
def test_canary_page_is_served_only_within_its_tier(as_role, world, role, tier):
    client = as_role(role)
    response = client.get(world.pages[tier].url)
    body = response.content.decode()
    if tier in VISIBLE[role]:
        assert response.status_code == 200
        assert MARKERS[tier] in body
    else:
        assert response.status_code in (302, 403, 404)
        assert MARKERS[tier] not in body
        if role == "anonymous" or role == "expired":
            assert response.status_code == 302
            assert response["Location"].startswith("/compte/connexion/")


@pytest.mark.parametrize("role", ROLES)
def test_listings_and_menus_show_only_what_the_role_reaches(as_role, world, role):
    client = as_role(role)
    urls = ["/", "/espace-partenaires/"] + [space.url for space in world.spaces.values()]
    urls += [Page.objects.get(pk=world.spaces["partners"].pk).get_children().last().url]
    text = ""
    for url in urls:
        text += client.get(url).content.decode()
    assert_no_leak(role, text, "les listes et menus")


@pytest.mark.parametrize("role", ROLES)
def test_sitemap_lists_public_pages_only(as_role, role):
    text = as_role(role).get("/sitemap.xml").content.decode()
    assert "canari-public" in text
    for tier in TIERS[1:]:
        assert f"canari-{tier}" not in text


@pytest.mark.parametrize("role", ROLES)
def test_pages_api_list_search_and_child_of_respect_tiers(as_role, world, role):
    client = as_role(role)
    text = client.get("/api/v2/pages/?limit=200&fields=title").content.decode()
    text += client.get("/api/v2/pages/?search=CANARI&fields=title").content.decode()
    for space in world.spaces.values():
        text += client.get(f"/api/v2/pages/?child_of={space.pk}&fields=title").content.decode()
        text += client.get(f"/api/v2/pages/?descendant_of={space.pk}&fields=title").content.decode()
    assert_no_leak(role, text, "l'API des pages")
    for tier in VISIBLE[role]:
        assert MARKERS[tier] in text


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("tier", TIERS)
def test_pages_api_detail_answers_404_outside_the_tier(as_role, world, role, tier):
    response = as_role(role).get(f"/api/v2/pages/{world.pages[tier].pk}/")
    if tier in VISIBLE[role]:
        assert response.status_code == 200
    else:
        assert response.status_code == 404
        assert MARKERS[tier] not in response.content.decode()


def test_documents_and_images_api_endpoints_are_not_mounted(client, world):
    assert client.get("/api/v2/documents/").status_code == 404
    assert client.get("/api/v2/images/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("tier", TIERS)
def test_document_is_served_only_within_its_tier(as_role, world, role, tier):
    client = as_role(role)
    document = world.documents[tier]
    response = client.get(document.url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if tier in VISIBLE[role]:
        assert response.status_code == 200
        assert MARKERS[tier].encode() in body
    else:
        assert response.status_code in (302, 403, 404)
        assert MARKERS[tier].encode() not in body
        # A conditional request must not confirm the file either (no 304).
        conditional = client.get(document.url, HTTP_IF_NONE_MATCH=f'"{document.file_hash}"')
        assert conditional.status_code in (302, 403, 404)


@pytest.mark.parametrize("role", ["partner", "family_b", "instance"])
def test_a_document_chosen_in_a_wider_space_is_not_listed_outside_its_tier(as_role, world, role):
    library = world.spaces["partners"].get_children().live().specific().get(slug="documents")
    body = as_role(role).get(library.url).content.decode()
    assert MARKERS["partners"] in body
    assert MARKERS["family_a"] not in body


def test_restricted_responses_are_private_and_never_stored(as_role, world):
    response = as_role("family_a").get(world.pages["family_a"].url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    document = as_role("family_a").get(world.documents["family_a"].url)
    assert "no-store" in document["Cache-Control"]


def test_public_page_for_an_anonymous_visitor_is_not_marked_private(client, world):
    response = client.get(world.pages["public"].url)
    assert "no-store" not in response.get("Cache-Control", "")


ADMIN_VIEWS = [
    "/admin/pages/{id}/edit/",
    "/admin/pages/{id}/edit/preview/",
    "/admin/pages/{id}/view_draft/",
    "/admin/pages/{id}/history/",
    "/admin/pages/{id}/history/results/",
    "/admin/pages/{id}/revisions/",
    "/admin/pages/{id}/revisions/{revision}/view/",
    "/admin/pages/{id}/revisions/compare/earliest...latest/",
    "/admin/pages/{id}/usage/",
    "/admin/pages/{id}/workflow_history/",
    "/admin/pages/{id}/privacy/",
    "/admin/pages/{id}/copy/",
    "/admin/pages/{id}/move/",
    "/admin/pages/{id}/",
]


@pytest.fixture
def editor_without_rights(verified_login, world):
    """The family B referent, editor of the family B space only, with a verified second
    factor, as the admin requires."""
    from django.contrib.auth import get_user_model

    return verified_login(get_user_model().objects.get(username="referent.psychiatrie"))


def test_the_editor_reaches_the_admin_for_their_own_space(editor_without_rights, world):
    response = editor_without_rights.get(f"/admin/pages/{world.pages['family_b'].pk}/edit/")
    assert response.status_code == 200


@pytest.mark.parametrize("view", ADMIN_VIEWS)
@pytest.mark.parametrize("tier", ["family_a", "instance"])
def test_admin_views_never_show_another_tier_to_an_editor_without_rights(
    editor_without_rights, world, view, tier
):
    page = world.pages[tier]
    url = view.format(id=page.pk, revision=page.latest_revision_id)
    response = editor_without_rights.get(url)
    body = response.content.decode(errors="replace")
    assert MARKERS[tier] not in body, url
    assert response.status_code in (302, 403, 404, 405), (url, response.status_code)


@pytest.mark.parametrize("tier", ["family_a", "instance", "partners"])
def test_admin_search_and_explorer_never_list_another_tier(editor_without_rights, world, tier):
    client = editor_without_rights
    text = client.get("/admin/pages/search/?q=CANARI").content.decode()
    text += client.get("/admin/pages/search/results/?q=CANARI").content.decode()
    text += client.get(f"/admin/pages/{world.spaces[tier].pk}/").content.decode()
    text += client.get("/admin/documents/?q=CANARI").content.decode()
    text += client.get("/admin/documents/chooser/?q=CANARI").content.decode()
    assert MARKERS[tier] not in text
