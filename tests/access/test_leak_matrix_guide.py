"""The leak matrix, guide channels: a chapter of a tier the role does not reach never
shows up, and one it does reach does.

Channels: the chapter page (short and tree addresses), the guide index and part listings,
the glossary page, the editions pages (list, edition, frozen chapter), and the menus of
the home page. Chapters have three tiers (public, partners, one family); the instance
tier does not exist for chapters, so its canary simply never appears in the guide.
"""

import pytest
from django.db import transaction

from guide.models import GuideChapterPage, GuideEdition, GuidePartPage
from hub.accounts.models import PartnerFamily
from hub.demo import sync
from tests.access.conftest import MARKERS, ROLES, TIERS, VISIBLE

GUIDE_TIERS = {
    # tier: (audience, owning family)
    "public": ("public", "collectivites-etat"),
    "partners": ("partners", "collectivites-etat"),
    "family_a": ("family", "bailleurs-gestionnaires"),
    "family_b": ("family", "psychiatrie-publique"),
}


@pytest.fixture(scope="module")
def guide_world(world, django_db_blocker):
    """Canary chapters in the demo guide, and an edition frozen with them (inside the
    world's transaction, rolled back with it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        part = GuidePartPage.objects.get(slug="outils-et-temoignages")
        chapters = {}
        for tier, (audience, family) in GUIDE_TIERS.items():
            marker = MARKERS[tier]
            chapters[tier], _ = sync.ensure_page(
                part,
                GuideChapterPage,
                f"canari-guide-{tier.replace('_', '-')}",
                {
                    "title": f"Chapitre {marker}",
                    "intro": f"Introduction {marker}",
                    "audience": audience,
                    "owner_family": PartnerFamily.objects.get(slug=family),
                    "body": lambda old, marker=marker: sync.stream(
                        old, [("text", f"<p>Texte {marker}</p>")]
                    ),
                },
            )
        edition = GuideEdition.objects.create(name="Édition canari", date="2026-06-30")
        edition.freeze()
    return chapters, edition


def hidden_markers(role):
    return [MARKERS[tier] for tier in TIERS if tier not in VISIBLE[role]]


def assert_no_leak(role, text, where):
    leaked = [marker for marker in hidden_markers(role) if marker in text]
    assert not leaked, f"{role} voit {leaked} via {where}"


def assert_served_within_tier(role, tier, response):
    body = response.content.decode()
    if tier in VISIBLE[role]:
        assert response.status_code == 200, (role, tier)
        assert MARKERS[tier] in body
    else:
        assert response.status_code in (302, 403, 404), (role, tier, response.status_code)
        assert MARKERS[tier] not in body
        if role in ("anonymous", "expired"):
            assert response["Location"].startswith("/compte/connexion/")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("tier", list(GUIDE_TIERS))
def test_chapter_is_served_only_within_its_tier(as_role, guide_world, role, tier):
    chapters, _ = guide_world
    client = as_role(role)
    chapter = chapters[tier]
    assert_served_within_tier(role, tier, client.get(chapter.url))
    tree_url = f"/guide/{chapter.get_parent().slug}/{chapter.slug}/"
    assert_served_within_tier(role, tier, client.get(tree_url))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("tier", list(GUIDE_TIERS))
def test_frozen_chapter_is_served_only_within_its_tier(as_role, guide_world, role, tier):
    chapters, edition = guide_world
    response = as_role(role).get(f"{edition.url}{chapters[tier].slug}/")
    assert_served_within_tier(role, tier, response)


@pytest.mark.parametrize("role", ROLES)
def test_guide_listings_glossary_editions_and_menus_show_only_what_the_role_reaches(
    as_role, guide_world, role
):
    _, edition = guide_world
    client = as_role(role)
    urls = [
        "/",
        "/guide/",
        "/guide/outils-et-temoignages/",
        "/guide/glossaire/",
        "/guide/editions/",
        edition.url,
    ]
    text = ""
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text += response.content.decode()
    assert_no_leak(role, text, "les listes, le glossaire, les éditions et les menus")
    listing = client.get("/guide/").content.decode() + client.get(edition.url).content.decode()
    for tier in GUIDE_TIERS:
        if tier in VISIBLE[role]:
            assert MARKERS[tier] in listing, (role, tier)


@pytest.mark.parametrize("role", ROLES)
def test_previous_and_next_links_never_name_a_hidden_chapter(as_role, guide_world, role):
    chapters, _ = guide_world
    client = as_role(role)
    text = client.get(chapters["public"].url).content.decode()
    text += client.get("/guide/temoignages-territoires/").content.decode()
    assert_no_leak(role, text, "la navigation entre chapitres")


def test_restricted_chapters_stay_out_of_the_sitemap(client, guide_world):
    text = client.get("/sitemap.xml").content.decode()
    assert "canari-guide-public" in text
    for tier in ("partners", "family_a", "family_b"):
        assert f"canari-guide-{tier.replace('_', '-')}" not in text
