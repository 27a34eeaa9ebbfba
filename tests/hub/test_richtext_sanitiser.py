"""One sanitiser for every rich text the site renders (hub.richtext, issue 12): a `<script>`
or a `javascript:` link stored by an import, a restore or the shell never reaches the HTML
of the charter, a hub page, a partner space, a guide chapter or the glossary; legitimate
rich text (links to pages and documents, mailto, headings, lists, glossary marks) does."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from guide.models import GlossaryTerm
from hub.demo import sync
from hub.models import CharterPage, PartnerSpaceIndexPage, PartnerSpacePage, StandardPage
from hub.richtext import render_richtext, safe_url, sanitise_html
from tests.guide.conftest import make_chapter, make_guide, make_user

HOSTILE = (
    '<p>Avant<script>alert("x")</script> <img src="x.png" onerror="alert(1)">'
    ' <a href="javascript:alert(2)" onclick="x()">piège</a>'
    ' <a href="JaVa&#x09;ScRiPt:alert(3)">piège-bis</a></p>'
)


def assert_harmless(html):
    """Checked on the parsed HTML, as a browser reads it: escaped text may show the words."""
    soup = BeautifulSoup(html, "html.parser")
    planted = [tag for tag in soup.find_all(["script", "img"]) if "alert" in str(tag)]
    assert not planted
    for tag in soup.find_all(True):
        assert not any(name.startswith("on") for name in tag.attrs), tag
        href = "".join(tag.get("href", "").split()).lower()
        assert not href.startswith("javascript:"), tag


def main_of(response):
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<main") :]


@pytest.fixture
def site():
    return make_guide(chapters=())


@pytest.fixture
def document():
    return get_document_model().objects.create(
        title="Note", file=ContentFile(b"%PDF-1.4 note", name="note.pdf")
    )


def legitimate(page, document):
    return (
        "<h2>Intertitre LÉGITIME</h2><ul><li>point un</li></ul><ol><li>étape</li></ol>"
        f'<p><a linktype="page" id="{page.pk}">vers une page</a>, '
        f'<a linktype="document" id="{document.pk}">la note</a>, '
        '<a href="mailto:contact@example.org">écrire</a>, <b>gras</b> <i>italique</i></p>'
    )


def assert_legitimate(html, page, document):
    assert "<h2>Intertitre LÉGITIME</h2>" in html
    assert "<ul><li>point un</li></ul>" in html and "<ol><li>étape</li></ol>" in html
    assert f'<a href="{page.url}">vers une page</a>' in html
    assert f'<a href="{document.url}">la note</a>' in html
    assert '<a href="mailto:contact@example.org">écrire</a>' in html
    assert "<b>gras</b> <i>italique</i>" in html


# --- The sanitiser itself ---------------------------------------------------------------------


@pytest.mark.no_django_db
def test_forbidden_markup_becomes_visible_text_and_bad_links_lose_their_url():
    html = sanitise_html(HOSTILE)
    assert_harmless(html)
    assert "&lt;script&gt;" in html and "&lt;img" in html
    assert "<a>piège</a>" in html and "<a>piège-bis</a>" in html


@pytest.mark.no_django_db
def test_attributes_schemes_and_comments():
    html = sanitise_html(
        '<p style="color:red" class="x" data-block-key="k1">t<!-- note --></p>'
        '<a href="data:text/html,x">d</a><a href="/page/">r</a><a href="#ancre">a</a>'
        '<a href="tel:+33100000000">t</a><a href="https://example.org/">h</a>'
        '<abbr title="Centre médico-psychologique" onclick="x()">CMP</abbr>'
    )
    assert "<p>t</p>" in html
    assert "<a>d</a>" in html
    for href in ("/page/", "#ancre", "tel:+33100000000", "https://example.org/"):
        assert f'href="{href}"' in html
    assert '<abbr title="Centre médico-psychologique">CMP</abbr>' in html


@pytest.mark.no_django_db
@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JAVASCRIPT:alert(1)",
        "java\tscript:x",
        "data:text/html,x",
        "vbscript:x",
    ],
)
def test_safe_url_refuses_other_schemes(url):
    assert safe_url(url) == ""


@pytest.mark.no_django_db
@pytest.mark.parametrize(
    "url", ["https://www.legifrance.gouv.fr/", "/guide/", "#terme", "mailto:a@b.fr", "tel:15"]
)
def test_safe_url_keeps_allowed_and_relative_urls(url):
    assert safe_url(url) == url


def test_render_richtext_expands_wagtail_links(site, document):
    html = render_richtext(legitimate(site.home, document))
    assert_legitimate(html, site.home, document)


# --- Every page that renders rich text ---------------------------------------------------------


def test_charter_page_fields(client, site, document):
    sync.ensure_page(
        site.home,
        CharterPage,
        "charte",
        {
            "title": "Charte",
            "full_title": "Convention de partenariat",
            "signed_on": "Avril 2013",
            "preamble": HOSTILE,
            "purpose": legitimate(site.home, document),
            "purpose_closing": HOSTILE,
            "duration": HOSTILE,
        },
    )
    html = main_of(client.get("/charte/"))
    assert_harmless(html)
    assert_legitimate(html, site.home, document)


def test_hub_page_streamfield_paragraph(client, site, document):
    sync.ensure_page(
        site.home,
        StandardPage,
        "a-propos",
        {
            "title": "À propos",
            "body": lambda old: sync.stream(
                old, [("paragraph", HOSTILE), ("paragraph", legitimate(site.home, document))]
            ),
        },
    )
    html = main_of(client.get("/a-propos/"))
    assert_harmless(html)
    assert "&lt;script&gt;" in html
    assert_legitimate(html, site.home, document)


def test_streamfield_value_printed_directly_is_sanitised(site):
    page, _ = sync.ensure_page(
        site.home,
        StandardPage,
        "brut",
        {"title": "Brut", "body": lambda old: sync.stream(old, [("paragraph", HOSTILE)])},
    )
    value = StandardPage.objects.get(pk=page.pk).body[0].value
    for rendered in (str(value), value.__html__(), page.body[0].render()):
        assert_harmless(rendered)


def test_partner_space_page(client, site, document):
    spaces, _ = sync.ensure_page(
        site.home, PartnerSpaceIndexPage, "espace-partenaires", {"title": "Espaces"}
    )
    sync.ensure_page(
        spaces,
        PartnerSpacePage,
        "commun",
        {
            "title": "Espace commun",
            "audience": PartnerSpacePage.Audience.PARTNERS,
            "body": lambda old: sync.stream(
                old, [("paragraph", HOSTILE), ("paragraph", legitimate(site.home, document))]
            ),
        },
    )
    client.force_login(make_user("membre.espace"))
    html = main_of(client.get("/espace-partenaires/commun/"))
    assert "Espace commun" in html
    assert_harmless(html)
    assert_legitimate(html, site.home, document)


def test_guide_chapter_blocks(client, site, document):
    make_chapter(
        site.part,
        "chapitre-piege",
        body=[
            ("text", HOSTILE),
            ("callout", {"kind": "attention", "text": HOSTILE}),
            ("text", legitimate(site.home, document)),
        ],
    )
    html = main_of(client.get("/guide/chapitre-piege/"))
    assert_harmless(html)
    assert "&lt;script&gt;" in html
    # The guide gives its h2 an id after sanitising.
    assert "Intertitre LÉGITIME</h2>" in html
    assert f'<a href="{document.url}">la note</a>' in html


def test_glossary_link_and_definition(client, site):
    GlossaryTerm.objects.create(
        term="CMP",
        definition='Centre <script>alert("x")</script> médico-psychologique',
        link="javascript:alert(1)",
    )
    GlossaryTerm.objects.create(
        term="SIAO", definition="Service intégré.", link="https://www.example.org/siao"
    )
    make_chapter(site.part, "avec-termes", body=[("text", "<p>Le CMP et le SIAO.</p>")])
    glossary = main_of(client.get("/guide/glossaire/"))
    assert_harmless(glossary)
    assert 'href="https://www.example.org/siao"' in glossary
    chapter = main_of(client.get("/guide/avec-termes/"))
    assert_harmless(chapter)
    # The glossary marks are added after the sanitiser and keep their markup.
    assert chapter.count('class="glossary-term"') == 2
    assert 'aria-describedby="glossaire-cmp"' in chapter
    assert 'role="tooltip" id="glossaire-cmp"' in chapter or 'id="glossaire-cmp"' in chapter
