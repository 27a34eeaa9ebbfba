"""The glossary: first occurrence only, accessible markup, escaped definitions, and the
glossary page with its anchors."""

from django.utils.text import slugify

from guide.markup import GlossaryEntry, mark_glossary
from guide.models import GlossaryTerm
from tests.guide.conftest import make_chapter

URL = "/guide/glossaire/"


def entry(term, definition="Définition.", variants=(), slug=None):
    return GlossaryEntry(
        slug=slug or slugify(term), term=term, definition=definition, forms=(term, *variants)
    )


def test_only_the_first_occurrence_is_marked():
    html = mark_glossary("<p>Le CMP appelle. Puis le CMP rappelle.</p>", [entry("CMP")], URL)
    assert html.count('class="glossary-term"') == 1
    assert html.index('class="glossary-term"') < html.index("Puis")
    assert f'href="{URL}#terme-cmp"' in html
    assert 'aria-describedby="glossaire-cmp"' in html and 'id="glossaire-cmp"' in html


def test_matching_ignores_case_and_accents_and_finds_variants_as_whole_words():
    html = mark_glossary(
        "<p>Les SECRETS. Le secret partage est utile. CMPS ou cmp.</p>",
        [entry("secret partagé"), entry("CMP", variants=("centres médico-psychologiques",))],
        URL,
    )
    assert '<a aria-describedby="glossaire-secret-partage"' in html
    assert ">secret partage</a>" in html  # the reader's own spelling is kept
    assert ">cmp</a>" in html  # "CMPS" is not the whole word "CMP"
    variant = mark_glossary(
        "<p>Deux centres medico-psychologiques.</p>",
        [entry("CMP", variants=("centres médico-psychologiques",))],
        URL,
    )
    assert ">centres medico-psychologiques</a>" in variant


def test_never_inside_links_headings_code_or_attributes():
    html = mark_glossary(
        '<h2>Le CMP</h2><p><a href="/x" title="CMP">le CMP</a> <code>CMP</code> '
        '<span data-x="CMP">rien</span></p><p>Enfin le CMP.</p>',
        [entry("CMP")],
        URL,
    )
    assert html.count('class="glossary-term"') == 1
    assert "<h2>Le CMP</h2>" in html
    assert '<a href="/x" title="CMP">le CMP</a>' in html
    assert "<code>CMP</code>" in html
    assert 'data-x="CMP"' in html
    assert html.index('class="glossary-term"') > html.index("Enfin")


def test_definitions_and_terms_are_html_escaped():
    html = mark_glossary(
        "<p>Le R&amp;D et le CMP.</p>",
        [
            entry("R&D", definition="Recherche <b>et</b> développement", slug="r-d"),
            entry("CMP", definition='<script>alert("x")</script>'),
        ],
        URL,
    )
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert ">R&amp;D</a>" in html
    assert "Recherche &lt;b&gt;et&lt;/b&gt; développement" in html


def test_chapter_page_marks_the_first_occurrence_of_each_term(client, guide):
    GlossaryTerm.objects.create(term="CMP", definition="Centre <script>x</script>")
    GlossaryTerm.objects.create(term="Bail & co", variants="baux & co", definition="Bail.")
    make_chapter(
        guide.part,
        "avec-glossaire",
        body=[("text", "<h2>Le CMP</h2><p>Le CMP et les baux &amp; co.</p><p>Encore le CMP.</p>")],
    )
    html = client.get("/guide/avec-glossaire/").content.decode()
    body = html[html.index('class="guide-body"') :]
    assert body.count('class="glossary-term"') == 2
    assert 'href="/guide/glossaire/#terme-cmp"' in body
    assert 'href="/guide/glossaire/#terme-bail-co"' in body
    assert ">baux &amp; co</a>" in body
    assert "<script>x" not in body and "&lt;script&gt;x" in body
    assert "<h2" in body and ">Le CMP</h2>" in body


def test_glossary_page_lists_terms_alphabetically_with_anchors(client, guide):
    for term in ("secret partagé", "CMP", "Équipe mobile", "bail glissant"):
        GlossaryTerm.objects.create(term=term, definition=f"Définition de {term}.")
    response = client.get("/guide/glossaire/")
    html = response.content.decode()
    assert response.status_code == 200
    positions = [
        html.index(f'id="terme-{slug}"')
        for slug in ("bail-glissant", "cmp", "equipe-mobile", "secret-partage")
    ]
    assert positions == sorted(positions)
    assert 'id="lettre-e"' in html
    assert len([m for m in html.split("<h1") if m]) == 2  # one h1
