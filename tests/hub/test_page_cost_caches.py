"""The caches of issue 20's page budget: the per-audience fragments (hub/chrome.py: the home
page, the charter, a territory, a guide chapter) and the two per-process memos of pure
functions (hub.richtext's sanitiser, guide.markup's glossary and outline).

A fragment is served from the cache to the next reader of the same audience, and emptied
by the page cache's events (hub/cache.py: a save, a publication); a bulk update that sends
no signal is not seen until then, which is how the tests below know the copy was served.
Which audience sees what is the leak matrix's business
(tests/access/test_leak_matrix_chrome.py).
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils.html import escape
from wagtail.models import Page

from guide.markup import GlossaryEntry, heading_outline, mark_and_outline, mark_glossary
from hub import chrome, richtext

pytestmark = pytest.mark.usefixtures("demo_module")

PARTNER = "membre.social"


def body(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def partner_client(client):
    client.force_login(get_user_model().objects.get(username=PARTNER))
    return client


# --- Fragments: served again, emptied by the page cache's events ------------------------------


@pytest.mark.parametrize("reader", ["anonymous", "partner"])
def test_the_home_page_fragment_is_served_again_then_emptied_by_a_save(client, reader):
    from hub.models import TerritoryPage

    if reader == "partner":
        partner_client(client)
    territory = TerritoryPage.objects.live().get(slug="metz")
    assert territory.title in body(client, "/")
    # No signal: the copy kept for this audience is still served.
    TerritoryPage.objects.filter(pk=territory.pk).update(title="Metz renommé en silence")
    assert "Metz renommé en silence" not in body(client, "/")
    # A save sends the signal that empties the page cache, and the fragments with it.
    territory.refresh_from_db()
    territory.title = "Metz renommé"
    territory.save()
    assert "Metz renommé" in body(client, "/")


def test_the_charter_fragment_follows_a_publication(client):
    from hub.models import CharterPage

    charter = CharterPage.objects.live().get()
    path = charter.url
    assert escape(charter.full_title) in body(client, path)
    CharterPage.objects.filter(pk=charter.pk).update(purpose="<p>Objet changé en silence</p>")
    assert "Objet changé en silence" not in body(client, path)
    charter = CharterPage.objects.get(pk=charter.pk)
    charter.purpose = "<p>Objet de la convention, nouvelle rédaction</p>"
    charter.save_revision().publish()
    assert "Objet de la convention, nouvelle rédaction" in body(client, path)


def test_a_territory_fragment_follows_a_publication(client):
    from hub.models import TerritoryPage

    territory = TerritoryPage.objects.live().get(slug="metz")
    TerritoryPage.objects.filter(pk=territory.pk).update(perimeter="Périmètre muet")
    body(client, territory.url)  # warmed with the updated row (no signal was sent)
    territory = TerritoryPage.objects.get(pk=territory.pk)
    territory.perimeter = "Eurométropole de Metz, périmètre revu"
    territory.save_revision().publish()
    assert "Eurométropole de Metz, périmètre revu" in body(client, territory.url)


def test_a_guide_chapter_is_served_again_then_emptied_by_a_publication(client):
    from guide.models import GuideChapterPage

    chapter = GuideChapterPage.objects.live().get(slug="cadre-legal-psychiatrie")
    partner_client(client)
    first = body(client, chapter.url)
    assert 'rel="next"' in first or 'rel="prev"' in first  # the neighbours are kept too
    following = GuideChapterPage.objects.live().filter(path__gt=chapter.path).order_by("path")
    following = following.first()
    if following is not None:
        GuideChapterPage.objects.filter(pk=following.pk).update(title="Suivant muet")
        assert "Suivant muet" not in body(client, chapter.url)
    chapter = GuideChapterPage.objects.get(pk=chapter.pk)
    chapter.intro = "Une introduction republiée."
    chapter.save_revision().publish()
    assert "Une introduction republiée." in body(client, chapter.url)
    if following is not None:
        assert "Suivant muet" in body(client, chapter.url)


def test_a_preview_never_reads_nor_writes_a_fragment():
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    request.user = get_user_model()()
    assert chrome.fragment_key(request) is not None
    preview = RequestFactory().get("/", HTTP_HOST="localhost")
    preview.user = request.user
    preview.is_preview = True
    assert chrome.fragment_key(preview) is None
    built = []
    for _ in range(2):
        chrome.cached_fragment(preview, "essai", lambda: built.append(1) or "brouillon")
    assert built == [1, 1]


def test_the_fragment_cache_off_builds_every_time(settings, client):
    settings.MAILLAGE_CHROME_CACHE_SECONDS = 0
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    request.user = get_user_model()()
    assert chrome.fragment_key(request) is None
    from hub.models import TerritoryPage

    territory = TerritoryPage.objects.live().get(slug="metz")
    body(client, "/")
    TerritoryPage.objects.filter(pk=territory.pk).update(title="Metz sans cache")
    assert "Metz sans cache" in body(client, "/")


def test_two_audiences_never_share_a_fragment_key():
    User = get_user_model()
    factory = RequestFactory()
    keys = set()
    for user in [User(), User.objects.get(username=PARTNER), User.objects.get(username="admin")]:
        request = factory.get("/", HTTP_HOST="localhost")
        request.user = user
        keys.add(chrome.fragment_key(request))
    assert len(keys) == 3


# --- Memos of pure functions -----------------------------------------------------------------


def test_the_sanitiser_memo_gives_what_the_sanitiser_gives():
    hostile = '<p>Bonjour <img src=x onerror="alert(1)"> <a href="javascript:alert(2)">x</a></p>'
    richtext._sanitise_memo.cache_clear()
    first = richtext.sanitise_html(hostile)
    second = richtext.sanitise_html(hostile)
    assert first == second == richtext._sanitise(hostile)
    assert "<img" not in first and "&lt;img" in first  # shown as text, never as an element
    assert 'href="javascript:' not in first
    assert richtext._sanitise_memo.cache_info().hits >= 1
    # Too long to be kept: sanitised all the same.
    long_html = "<p>" + "a" * richtext.MEMO_MAX_CHARS + "<script>x</script></p>"
    assert "<script>" not in richtext.sanitise_html(long_html)


def test_the_charter_sanitises_each_fragment_once_per_process(client):
    from hub.models import CharterPage

    path = CharterPage.objects.live().get().url
    richtext._sanitise_memo.cache_clear()
    body(client, path)
    misses = richtext._sanitise_memo.cache_info().misses
    assert misses > 0
    from django.core.cache import cache

    cache.clear()  # every fragment gone: the page is built again, the memo answers
    body(client, path)
    assert richtext._sanitise_memo.cache_info().misses == misses


def test_one_parse_marks_and_outlines_as_the_two_passes_did():
    entries = [
        GlossaryEntry("cmp", "CMP", "centre médico-psychologique", ("CMP",)),
        GlossaryEntry("clsm", "CLSM", "conseil local de santé mentale", ("CLSM", "conseils")),
    ]
    html = (
        "<h2>Le CMP</h2><p>Le CMP et le CLSM.</p><h2 id='gardee'>Suite</h2>"
        "<p><a href='/x/'>CLSM</a> puis les conseils, le CMP.</p><h2>Le CMP</h2>"
    )
    expected = heading_outline(mark_glossary(html, entries, "/guide/glossaire/"))
    assert mark_and_outline(html, entries, "/guide/glossaire/") == expected
    assert mark_and_outline(html, entries, "/guide/glossaire/") == expected  # remembered
    assert mark_and_outline(html, (), "") == heading_outline(html)
    # The glossary URL is part of the key: another guide, other links.
    other = mark_and_outline(html, entries, "/autre/glossaire/")[0]
    assert "/autre/glossaire/#terme-cmp" in other


def test_a_changed_page_link_is_expanded_anew():
    """The sanitiser's memo is keyed on the expanded HTML: a link to a page that moved
    gives another key, never the old URL."""
    page = Page.objects.live().get(slug="metz")
    source = f'<p><a linktype="page" id="{page.pk}">Metz</a></p>'
    before = richtext.render_richtext(source)
    assert page.url in before
    page = page.specific
    page.slug = "metz-deplace"
    page.save_revision().publish()
    after = richtext.render_richtext(source)
    assert "metz-deplace" in after
