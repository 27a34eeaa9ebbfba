"""The demo guide: the training module's outline, owned chapters, a partner chapter, the
glossary, the committee's workflow and a frozen first edition (idempotence is checked
with the whole demo in tests/hub/test_demo.py)."""

import pytest
from wagtail.models import WorkflowPage

from guide.models import GlossaryTerm, GuideChapterPage, GuideEdition, GuideIndexPage

pytestmark = pytest.mark.slow


def test_the_demo_guide_follows_the_training_module(demo, client):
    index = GuideIndexPage.objects.get()
    assert index.url == "/guide/"
    outline = index.outline(None)
    assert [part.title for part, _ in outline] == [
        "La psychiatrie",
        "Le social et le médico-social",
        "Le logement et l'hébergement",
        "Le point de vue des familles et des usagers",
        "Secret professionnel et secret partagé",
        "Outils et témoignages",
        "Les procédures",
    ]
    slugs = {chapter.slug for chapter in GuideChapterPage.objects.live()}
    assert {
        "signalement-et-intervention",
        "passerelle-inversee",
        "acces-logement-accompagne",
        "secret-professionnel-secret-partage",
    } <= slugs
    # Every chapter has an owning family; one is for partners only.
    assert not GuideChapterPage.objects.filter(owner_family__isnull=True).exists()
    partners = GuideChapterPage.objects.get(audience="partners")
    assert partners.get_view_restrictions().exists()
    assert partners.slug not in {c.slug for _, chapters in outline for c in chapters}
    # Placeholders are explicit.
    html = client.get("/guide/signalement-et-intervention/").content.decode()
    assert "À compléter par le territoire" in html
    assert "fiche modèle" in html
    metz = client.get("/guide/acces-logement-accompagne/").content.decode()
    assert "4 critères cumulatifs" in metz and "Montigny-lès-Metz" in metz


def test_the_demo_glossary_workflow_and_edition(demo, client):
    terms = set(GlossaryTerm.objects.values_list("term", flat=True))
    assert {
        "CMP",
        "CLSM",
        "ERAH",
        "SIAO",
        "CESF",
        "PDALPD",
        "PLH",
        "QPV",
        "bail glissant",
        "sous-location",
        "secret partagé",
    } <= terms
    assert all(len(term.definition) <= 500 for term in GlossaryTerm.objects.all())
    index = GuideIndexPage.objects.get()
    workflow = WorkflowPage.objects.get(page=index).workflow
    assert workflow.name == "Validation du guide"
    task = workflow.tasks.get().specific
    assert [group.name for group in task.groups.all()] == ["Comité de suivi"]
    edition = GuideEdition.objects.get(name="Édition 2026")
    assert edition.frozen
    assert edition.chapters.count() == GuideChapterPage.objects.live().count()
    assert client.get(edition.url).status_code == 200
    glossary = client.get("/guide/glossaire/").content.decode()
    assert 'id="terme-cmp"' in glossary and 'id="terme-bail-glissant"' in glossary
