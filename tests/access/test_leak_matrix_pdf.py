"""The leak matrix, PDF channel: the guide's PDFs hold only what each role may read.

On top of the `world` (the demo and its canaries), this module adds one guide chapter per
tier the guide supports (public, partners, family A, family B; the guide has no
instance-only chapters), each carrying its tier's marker. For every role:

- the whole guide's PDF contains the markers of the tiers the role reaches, and never
  another one (of any tier of the world: directory canaries included);
- each chapter's PDF is served to the roles of its tier only.

All roles share one PDF cache directory for the module, in the order of `ROLES`: a PDF
cached for one tier must never be served to another.
"""

import pytest
from django.urls import include, path

from tests.access.conftest import MARKERS, ROLES, TIERS, VISIBLE
from tests.guide.test_pdf import add_chapter, add_part, guide_index, pdf_text

# Until `guide.pdf.urls` is included in hub/urls.py, these tests put it in front.
urlpatterns = [path("", include("guide.pdf.urls")), path("", include("hub.urls"))]
pytestmark = [pytest.mark.usefixtures("world"), pytest.mark.urls(__name__)]

GUIDE_TIERS = ["public", "partners", "family_a", "family_b"]
FAMILY_SLUGS = {"family_a": "bailleurs-gestionnaires", "family_b": "psychiatrie-publique"}


@pytest.fixture(scope="module")
def chapters(world, django_db_blocker):
    """One chapter per guide tier, inside the world's transaction (rolled back with it)."""
    from hub.accounts.models import PartnerFamily

    with django_db_blocker.unblock():
        part = add_part(guide_index(), "canaris-du-guide", "Canaris du guide")
        built = {}
        for tier in GUIDE_TIERS:
            marker = MARKERS[tier]
            family = (
                PartnerFamily.objects.get(slug=FAMILY_SLUGS[tier]) if tier in FAMILY_SLUGS else None
            )
            built[tier] = add_chapter(
                part,
                f"canari-guide-{tier.replace('_', '-')}",
                f"Chapitre {marker}",
                f"Texte {marker}",
                audience="family" if family else tier,
                family=family,
            )
        return built


@pytest.fixture(scope="module")
def shared_cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("pdf-cache-matrix")


@pytest.fixture(autouse=True)
def pdf_cache_dir(settings, shared_cache_dir):
    settings.MAILLAGE_PDF_CACHE_DIR = str(shared_cache_dir)
    return shared_cache_dir


def hidden(role):
    """Every marker the role may not see: the guide's chapters, and the directory's
    canaries too (a "who to contact" block reads the directory for its reader)."""
    return [MARKERS[tier] for tier in TIERS if tier not in VISIBLE[role]]


@pytest.mark.parametrize("role", ROLES)
def test_the_guide_pdf_holds_only_the_chapters_the_role_reaches(as_role, chapters, role):
    response = as_role(role).get("/guide/guide.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    leaked = [marker for marker in hidden(role) if marker in text]
    assert not leaked, f"{role} voit {leaked} via le PDF du guide"
    for tier in GUIDE_TIERS:
        if tier in VISIBLE[role]:
            assert MARKERS[tier] in text, (role, tier)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("tier", GUIDE_TIERS)
def test_a_chapter_pdf_is_served_only_within_its_tier(as_role, chapters, role, tier):
    chapter = chapters[tier]
    response = as_role(role).get(f"/guide/{chapter.slug}/chapitre.pdf")
    if tier in VISIBLE[role]:
        assert response.status_code == 200
        assert MARKERS[tier] in pdf_text(response.content)
    else:
        assert response.status_code in (302, 403, 404)
        assert not response.content.startswith(b"%PDF")
        assert MARKERS[tier].encode() not in response.content


@pytest.mark.parametrize("role", ["partner", "family_a", "family_b", "referent"])
def test_pdfs_for_logged_in_readers_are_never_stored_by_shared_caches(as_role, chapters, role):
    response = as_role(role).get("/guide/guide.pdf")
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
