"""The guide's pages: every block renders, chapters answer at /guide/<chapitre>/, the
outline and the navigation follow the tree, and bad rich text renders escaped."""

import re

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Collection

from guide.models import GuideChapterPage
from hub.demo.load_spaces import ensure_document
from tests.guide.conftest import make_chapter, make_guide


def h1_count(html):
    return len(re.findall(r"<h1[\s>]", html))


def all_blocks(document):
    return [
        ("text", "<h2>Intertitre RICHE</h2><p>Paragraphe RICHE.</p>"),
        ("callout", {"kind": "attention", "text": "<p>Encadré ATTENTION.</p>"}),
        (
            "procedure",
            {
                "heading": "Procédure ÉTAPES",
                "intro": "",
                "steps": [
                    {
                        "type": "item",
                        "id": "a1",
                        "value": {
                            "title": "Première ÉTAPE",
                            "text": "<p>Détail.</p>",
                            "who_acts": "agent de proximité",
                        },
                    },
                    {
                        "type": "item",
                        "id": "a2",
                        "value": {"title": "Seconde ÉTAPE", "text": "", "who_acts": ""},
                    },
                ],
            },
        ),
        (
            "who_to_contact",
            {
                "heading": "Contacts QUI",
                "organisation_kind": "cmp",
                "instance_kind": "",
                "commune_code": "",
                "note": "",
            },
        ),
        (
            "legal_reference",
            {
                "text": "Texte de RÉFÉRENCE.",
                "article": "Convention, § 3",
                "link": "https://example.org/texte",
            },
        ),
        ("model_document", {"document": document.pk, "description": "Trame MODÈLE."}),
        ("testimony", {"quote": "Parole TÉMOIN.", "role": "coordinatrice", "territory": "Metz"}),
        (
            "faq",
            {
                "heading": "Questions FAQ",
                "items": [
                    {
                        "type": "item",
                        "id": "f1",
                        "value": {"question": "Question UNE ?", "answer": "<p>Réponse UNE.</p>"},
                    }
                ],
            },
        ),
    ]


def test_a_chapter_renders_every_block_with_one_h1_and_an_outline(client):
    guide = make_guide(chapters=())
    document = ensure_document(
        "Trame publique", "trame.txt", b"trame", Collection.get_first_root_node()
    )
    chapter = make_chapter(guide.part, "tous-les-blocs", "Tous les blocs", all_blocks(document))
    response = client.get("/guide/tous-les-blocs/")
    html = response.content.decode()
    assert response.status_code == 200
    for marker in (
        "RICHE",
        "ATTENTION",
        "ÉTAPES",
        "Première ÉTAPE",
        "Contacts QUI",
        "RÉFÉRENCE",
        "Trame MODÈLE",
        "Parole TÉMOIN",
        "Questions FAQ",
        "Réponse UNE",
        "agent de proximité",
    ):
        assert marker in html, marker
    assert document.url in html
    assert h1_count(html) == 1
    # The chapter's table of contents lists the h2 of the blocks, in order, with anchors.
    toc = html[html.index('class="toc guide-toc"') :]
    toc = toc[: toc.index("</nav>")]
    titles = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', toc)
    assert [title for _, title in titles] == [
        "Intertitre RICHE",
        "Procédure ÉTAPES",
        "Contacts QUI",
        "Questions FAQ",
    ]
    for anchor, _ in titles:
        assert f'id="{anchor}"' in html
    assert "guide/css/guide.css" in html
    assert chapter.pdf_url in html


def test_chapters_answer_at_their_short_address_and_in_the_tree(client, guide):
    chapter = guide.chapters["premier-chapitre"]
    assert chapter.url == "/guide/premier-chapitre/"
    assert client.get("/guide/premier-chapitre/").status_code == 200
    assert client.get("/guide/partie/premier-chapitre/").status_code == 200
    assert client.get("/guide/partie/").status_code == 200
    assert client.get("/guide/n-existe-pas/").status_code == 404


def test_previous_and_next_chapter_follow_the_reading_order(client):
    guide = make_guide(chapters=("un", "deux", "trois"))
    html = client.get("/guide/deux/").content.decode()
    assert 'href="/guide/un/" rel="prev"' in html
    assert 'href="/guide/trois/" rel="next"' in html
    first = client.get("/guide/un/").content.decode()
    assert 'rel="prev"' not in first
    assert guide.index.chapters(None)[0].slug == "un"


def test_chapter_shows_last_review_and_owning_family(client, guide):
    from datetime import date

    make_chapter(guide.part, "relu", last_reviewed=date(2026, 3, 2))
    html = client.get("/guide/relu/").content.decode()
    assert "Dernière relecture" in html and "2 mars 2026" in html
    assert "Psychiatrie publique" in html


def test_rich_text_with_a_script_or_an_external_image_renders_escaped(client, guide):
    bad = (
        '<p>Avant<script>alert("x")</script> <img src="https://evil.example/x.png" '
        'onerror="alert(1)"> <a href="javascript:alert(2)" onclick="x()">lien</a></p>'
    )
    make_chapter(guide.part, "mauvais", body=[("text", bad)])
    html = client.get("/guide/mauvais/").content.decode()
    body = html[html.index('class="guide-body"') :]
    assert "<script>alert" not in body
    assert "&lt;script&gt;" in body
    assert "<img" not in body
    assert "&lt;img" in body
    # The link stays, without its dangerous URL and its handler.
    assert 'href="javascript' not in body
    assert "<a>lien</a>" in body


def test_index_lists_parts_and_chapters_and_hides_partner_chapters_from_anonymous(
    client, guide, partner
):
    make_chapter(guide.part, "entre-partenaires", "Chapitre ENTRE-PARTENAIRES", audience="partners")
    html = client.get("/guide/").content.decode()
    assert "La partie" in html and "Premier chapitre" in html
    assert "ENTRE-PARTENAIRES" not in html
    assert h1_count(html) == 1
    assert "/guide/guide.pdf" in html and "/guide/glossaire/" in html
    client.force_login(partner)
    assert "ENTRE-PARTENAIRES" in client.get("/guide/").content.decode()


def test_partner_chapter_is_refused_to_anonymous_and_served_to_partners(client, guide, partner):
    chapter = make_chapter(guide.part, "reserve", "RÉSERVÉ", audience="partners")
    assert chapter.get_view_restrictions().exists()
    response = client.get("/guide/reserve/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")
    assert "RÉSERVÉ" not in response.content.decode()
    client.force_login(partner)
    assert client.get("/guide/reserve/").status_code == 200


def test_family_chapter_is_only_for_the_owning_family(client, guide, partner):
    from tests.guide.conftest import family, make_user

    make_chapter(guide.part, "note-famille", "NOTE-FAMILLE", audience="family")
    client.force_login(partner)
    assert client.get("/guide/note-famille/").status_code == 403
    member = make_user("membre.psy", family().group)
    client.force_login(member)
    assert client.get("/guide/note-famille/").status_code == 200


def test_a_restriction_removed_by_hand_is_put_back(guide):
    from wagtail.models import PageViewRestriction

    chapter = make_chapter(guide.part, "reserve", audience="partners")
    restriction = PageViewRestriction.objects.get(page=chapter)
    restriction.restriction_type = PageViewRestriction.GROUPS
    restriction.save()
    restriction.refresh_from_db()
    assert restriction.restriction_type == PageViewRestriction.LOGIN


def test_chapter_slugs_are_unique_in_the_whole_guide_and_avoid_reserved_names(guide):
    from guide.models import GuidePartPage
    from hub.demo import sync

    other, _ = sync.ensure_page(guide.index, GuidePartPage, "autre", {"title": "Autre"})
    with pytest.raises(ValidationError):
        make_chapter(other, "premier-chapitre")
    with pytest.raises(ValidationError):
        make_chapter(other, "glossaire")
    assert GuideChapterPage.objects.filter(slug="premier-chapitre").count() == 1


@pytest.mark.urls("tests.guide.urls")
def test_pdf_addresses_are_routed_through_the_page_and_its_access_check(client, guide):
    make_chapter(guide.part, "reserve", audience="partners")
    # The PDF itself is another module's: 200 when it exists, 404 until then.
    assert client.get("/guide/guide.pdf").status_code in (200, 404)
    assert client.get("/guide/premier-chapitre/chapitre.pdf").status_code in (200, 404)
    # A partner chapter's PDF asks an anonymous reader to log in, like the page.
    response = client.get("/guide/reserve/chapitre.pdf")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")
    assert client.get("/guide/inconnu/chapitre.pdf").status_code == 404
