"""The guide's PDFs (issue 5): the locked-down fetcher, the whole guide and one chapter,
what each reader gets, the cache and its invalidation, frozen editions.

Requests go through Django's test client, so Wagtail's routing, the `before_serve_page`
hooks and the middleware all run. PDFs are read back with pypdf.
"""

import builtins
import io
import json
import re
import socket
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import include, path
from pypdf import PdfReader
from wagtail.models import Page, Site

from guide.pdf import cache, service
from guide.pdf.fetcher import RefusedURL, SafeURLFetcher

# Until `guide.pdf.urls` is included in hub/urls.py, these tests put it in front.
urlpatterns = [path("", include("guide.pdf.urls")), path("", include("hub.urls"))]
pytestmark = pytest.mark.urls(__name__)

PUBLIC_TEXT = "MARQUEUR-CHAPITRE-PUBLIC"
PARTNERS_TEXT = "MARQUEUR-CHAPITRE-PARTENAIRES"


# --- Helpers (also used by tests/access/test_leak_matrix_pdf.py) ------------------------------


def pdf_pages(content):
    """The text of each page of a PDF."""
    assert content[:4] == b"%PDF", content[:200]
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages]


def pdf_text(content):
    return "\n".join(pdf_pages(content))


def body(*blocks):
    """A guide StreamField value from (type, value) pairs, as JSON."""
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def paragraphs(text, count=1):
    return "".join(f"<p>{text} — paragraphe {n}.</p>" for n in range(1, count + 1))


def guide_index():
    """The guide's index page: the demo's when there is one, else one under the site's root."""
    from guide.models import GuideIndexPage

    index = GuideIndexPage.objects.first()
    if index is not None:
        return index
    root = Site.objects.get(is_default_site=True).root_page
    index = GuideIndexPage(title="Guide santé psychique et logement", slug="guide")
    root.add_child(instance=index)
    index.save_revision().publish()
    return index


def add_part(index, slug, title):
    from guide.models import GuidePartPage

    part = GuidePartPage(title=title, slug=slug, intro=f"Introduction de la partie {title}.")
    index.add_child(instance=part)
    part.save_revision().publish()
    return part


def add_chapter(part, slug, title, text, audience="public", family=None, blocks=None):
    from guide.models import GuideChapterPage

    chapter = GuideChapterPage(
        title=title,
        slug=slug,
        intro=f"Ce que dit le chapitre {title}.",
        audience=audience,
        owner_family=family,
        body=body(*(blocks or [("text", f"<h2>Section de {title}</h2>{paragraphs(text)}")])),
    )
    part.add_child(instance=chapter)
    # Publishing derives the chapter's view restriction from its audience (hub.restrictions).
    chapter.save_revision().publish()
    chapter.refresh_from_db()
    return chapter


def accredited_user(username, groups=()):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "x" * 16)
    for group in groups:
        user.groups.add(group)
    return user


# --- Fixtures ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def pdf_cache_dir(settings, tmp_path):
    settings.MAILLAGE_PDF_CACHE_DIR = str(tmp_path / "pdf-cache")
    return tmp_path / "pdf-cache"


@pytest.fixture
def guide():
    index = guide_index()
    part = add_part(index, "partie-test", "Partie de test")
    public = add_chapter(part, "chapitre-public-test", "Chapitre public de test", PUBLIC_TEXT)
    partners = add_chapter(
        part,
        "chapitre-partenaires-test",
        "Chapitre partenaires de test",
        PARTNERS_TEXT,
        audience="partners",
    )
    return {"index": index, "part": part, "public": public, "partners": partners}


@pytest.fixture
def renders(monkeypatch):
    """Counts the calls to the renderer (WeasyPrint), which still runs."""
    calls = []
    original = service.render_pdf

    def counting(html, base_url, **kwargs):
        calls.append(base_url)
        return original(html, base_url, **kwargs)

    monkeypatch.setattr(service, "render_pdf", counting)
    return calls


class NoExit:
    """Records any attempt to open a network connection or /etc/passwd while active."""

    def __init__(self, monkeypatch):
        self.attempts = []
        real_open = builtins.open
        real_connect = socket.socket.connect

        def guarded_open(file, *args, **kwargs):
            if "passwd" in str(file):
                self.attempts.append(("open", str(file)))
            return real_open(file, *args, **kwargs)

        def guarded_connect(sock, address):
            if sock.family in (socket.AF_INET, socket.AF_INET6):
                self.attempts.append(("connect", address))
                raise OSError("réseau interdit pendant le test")
            return real_connect(sock, address)

        def guarded_urlopen(*args, **kwargs):
            self.attempts.append(("urlopen", args))
            raise OSError("réseau interdit pendant le test")

        monkeypatch.setattr(builtins, "open", guarded_open)
        monkeypatch.setattr(socket.socket, "connect", guarded_connect)
        monkeypatch.setattr(socket, "create_connection", guarded_urlopen)
        monkeypatch.setattr(urllib.request, "urlopen", guarded_urlopen)


@pytest.fixture
def no_exit(monkeypatch):
    return NoExit(monkeypatch)


# --- The fetcher -------------------------------------------------------------------------------

HOSTILE_HTML = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Document hostile</title>
<link rel="stylesheet" href="http://127.0.0.1:1/x.css">
<style>@import url(https://example.org/x.css); body { font-family: sans-serif; }</style>
</head><body>
<h1>Document hostile</h1>
<img src="file:///etc/passwd" alt="">
<img src="/static/img/logo.svg" alt="">
<p>Texte du document.</p>
</body></html>"""


def test_the_fetcher_refuses_file_and_outside_urls_and_nothing_is_reached(no_exit):
    fetcher = SafeURLFetcher("http://testserver/")
    pdf = service.render_pdf(HOSTILE_HTML, "http://testserver/", fetcher=fetcher)
    assert pdf[:4] == b"%PDF"
    assert "Texte du document." in pdf_text(pdf)
    assert "file:///etc/passwd" in fetcher.refused
    assert "http://127.0.0.1:1/x.css" in fetcher.refused
    assert "https://example.org/x.css" in fetcher.refused
    # The project's own static file is served, from disk.
    assert fetcher.served == ["http://testserver/static/img/logo.svg"]
    assert no_exit.attempts == []
    assert b"root:" not in pdf


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://127.0.0.1:1/x.css",
        "https://example.org/static/img/logo.svg",
        "http://testserver:8080/static/img/logo.svg",
        "https://testserver/static/img/logo.svg",
        "http://testserver.example.org/static/img/logo.svg",
        "http://testserver/static/../../../../etc/passwd",
        "http://testserver/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "http://testserver/static/img/%2e%2e%2f%2e%2e%2fsettings.py",
        "http://testserver/static//etc/passwd",
        "http://testserver/static/nexiste-pas.css",
        "http://testserver/media/images/photo.png",
        "http://testserver/etc/passwd",
        "data:text/css,body{}",
        "ftp://example.org/x.css",
    ],
)
def test_the_fetcher_refuses_everything_but_the_project_static_files(url, no_exit, caplog):
    fetcher = SafeURLFetcher("http://testserver/")
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]
    assert "ressource refusée" in caplog.text
    assert no_exit.attempts == []


def test_the_fetcher_serves_a_static_file_from_disk():
    fetcher = SafeURLFetcher("http://testserver/")
    response = fetcher.fetch("http://testserver/static/guide/css/pdf.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


def test_the_pdf_carries_its_metadata():
    html = (
        '<html lang="fr"><head><title>Titre du document</title>'
        '<meta name="author" content="Maillage"></head><body><p>x</p></body></html>'
    )
    reader = PdfReader(io.BytesIO(service.render_pdf(html, "http://testserver/")))
    assert reader.metadata.title == "Titre du document"
    assert reader.metadata.author == "Maillage"
    assert str(reader.trailer["/Root"].get("/Lang")) == "fr"


# --- The whole guide ---------------------------------------------------------------------------


def toc_page_numbers(pages):
    """{title: page number} read from the table of contents (« Titre ..... 12 »)."""
    toc = next(text for text in pages if "Sommaire" in text and "...." in text)
    entries = {}
    for line in toc.splitlines():
        match = re.match(r"^(.*?)\s*\.{3,}\s*(\d+)\s*$", line)
        if match:
            entries[match.group(1).strip()] = int(match.group(2))
    return entries


def test_the_guide_pdf_has_a_cover_a_true_table_of_contents_and_bookmarks(client, guide):
    response = client.get("/guide/guide.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="guide-sante-psychique-logement-en-ligne.pdf"'
    )
    pages = pdf_pages(response.content)
    assert len(pages) >= 5
    assert "Version en ligne" in pages[0]
    entries = toc_page_numbers(pages)
    for title in ["Chapitre public de test", "Annexe : glossaire", "Sources et attributions"]:
        if title == "Annexe : glossaire" and title not in entries:
            continue  # no glossary term in this database
        number = entries[title]
        assert title in pages[number - 1], (title, number)
    assert f"page {len(pages)} / {len(pages)}" in pages[-1]
    reader = PdfReader(io.BytesIO(response.content))
    titles = str(reader.outline)
    assert "Chapitre public de test" in titles
    assert reader.metadata.author == "Maillage"


def test_a_partners_only_chapter_is_absent_from_the_anonymous_pdf(client, guide):
    text = pdf_text(client.get("/guide/guide.pdf").content)
    assert PUBLIC_TEXT in text
    assert PARTNERS_TEXT not in text
    assert "Chapitre partenaires de test" not in text


def test_a_partner_gets_the_partners_chapter_in_a_private_response(client, guide):
    client.force_login(accredited_user("partenaire.test"))
    response = client.get("/guide/guide.pdf")
    text = pdf_text(response.content)
    assert PUBLIC_TEXT in text
    assert PARTNERS_TEXT in text
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_an_expired_account_gets_the_public_pdf(client, guide):
    from datetime import timedelta

    from django.utils import timezone

    from hub.accounts.models import AccountProfile

    user = accredited_user("expire.test")
    AccountProfile.objects.create(
        user=user,
        organisation="Organisation de démonstration",
        job_role="membre",
        expires_on=timezone.localdate() - timedelta(days=1),
    )
    client.force_login(user)
    assert PARTNERS_TEXT not in pdf_text(client.get("/guide/guide.pdf").content)


# --- One chapter -------------------------------------------------------------------------------


def test_a_chapter_pdf_holds_the_chapter_and_its_outline(client, guide):
    response = client.get("/guide/chapitre-public-test/chapitre.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'inline; filename="guide-sante-psychique-logement-chapitre-public-test.pdf"'
    )
    pages = pdf_pages(response.content)
    text = "\n".join(pages)
    assert PUBLIC_TEXT in text
    entries = toc_page_numbers(pages)
    assert (
        "Section de Chapitre public de test"
        in pages[entries["Section de Chapitre public de test"] - 1]
    )


def test_a_partners_chapter_pdf_is_refused_to_anonymous_readers(client, guide):
    response = client.get("/guide/chapitre-partenaires-test/chapitre.pdf")
    # Wagtail's serving (the before_serve_page hook) answers before the view.
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")
    assert not response.content.startswith(b"%PDF")


def two_families():
    from hub.accounts.models import PartnerFamily

    families = list(PartnerFamily.objects.all()[:2])
    for letter in "ab"[len(families) :]:
        group = Group.objects.create(name=f"Famille de test {letter}")
        families.append(
            PartnerFamily.objects.create(
                group=group, slug=f"test-{letter}", name=f"Test {letter}", description="-"
            )
        )
    return families


def test_a_family_chapter_pdf_is_refused_to_another_family(client, guide):
    family_a, family_b = two_families()
    add_chapter(
        guide["part"],
        "chapitre-famille-test",
        "Chapitre famille",
        "MARQUEUR-FAMILLE",
        audience="family",
        family=family_a,
    )
    client.force_login(accredited_user("membre.b", [family_b.group]))
    response = client.get("/guide/chapitre-famille-test/chapitre.pdf")
    assert response.status_code in (403, 404)
    assert b"MARQUEUR-FAMILLE" not in response.content
    assert "MARQUEUR-FAMILLE" not in pdf_text(client.get("/guide/guide.pdf").content)
    client.force_login(accredited_user("membre.a", [family_a.group]))
    assert "MARQUEUR-FAMILLE" in pdf_text(client.get("/guide/guide.pdf").content)


def test_the_chapter_view_itself_answers_404_to_a_reader_who_may_not_see(rf, guide):
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    from guide.pdf.views import chapter_pdf

    request = rf.get("/guide/chapitre-partenaires-test/chapitre.pdf")
    request.user = AnonymousUser()
    with pytest.raises(Http404):
        chapter_pdf(request, guide["partners"])


def test_hostile_rich_text_is_escaped_in_the_pdf_and_nothing_is_fetched(client, guide, no_exit):
    hostile = (
        '<p>Avant <script>alert("x")</script> après.</p>'
        '<p><img src="http://example.org/espion.png" alt="espion"></p>'
    )
    add_chapter(
        guide["part"],
        "chapitre-hostile",
        "Chapitre hostile",
        "",
        blocks=[("text", hostile)],
    )
    response = client.get("/guide/chapitre-hostile/chapitre.pdf")
    text = pdf_text(response.content)
    assert "<script>" in text  # shown as text, never run nor dropped silently
    assert no_exit.attempts == []


# --- Cache -------------------------------------------------------------------------------------


def test_the_second_request_is_served_from_the_cache(client, guide, renders, pdf_cache_dir):
    first = client.get("/guide/guide.pdf")
    second = client.get("/guide/guide.pdf")
    assert len(renders) == 1
    assert first.content == second.content
    assert list(pdf_cache_dir.glob("guide-*/live/public--*.pdf"))


def test_each_tier_has_its_own_pdf(client, guide, renders, pdf_cache_dir):
    client.get("/guide/guide.pdf")
    client.force_login(accredited_user("partenaire.cache"))
    client.get("/guide/guide.pdf")
    assert len(renders) == 2
    names = sorted(p.name.split("--")[0] for p in pdf_cache_dir.glob("guide-*/live/*.pdf"))
    assert names == ["partners", "public"]


def test_publishing_a_chapter_drops_the_cached_pdfs(client, guide, renders, pdf_cache_dir):
    client.get("/guide/guide.pdf")
    client.get("/guide/chapitre-public-test/chapitre.pdf")
    assert len(renders) == 2
    chapter = guide["public"]
    chapter.body = body(("text", "<p>MARQUEUR-NOUVELLE-VERSION</p>"))
    chapter.save_revision().publish()
    assert not list(pdf_cache_dir.glob("guide-*")) and not list(pdf_cache_dir.glob("chapter-*"))
    assert "MARQUEUR-NOUVELLE-VERSION" in pdf_text(client.get("/guide/guide.pdf").content)
    assert len(renders) == 3


def test_unpublishing_or_moving_a_chapter_drops_the_cached_pdfs(client, guide, pdf_cache_dir):
    client.get("/guide/guide.pdf")
    guide["public"].unpublish()
    assert not list(pdf_cache_dir.glob("guide-*"))
    assert PUBLIC_TEXT not in pdf_text(client.get("/guide/guide.pdf").content)
    other = add_part(guide["index"], "autre-partie", "Autre partie")
    assert list(pdf_cache_dir.glob("guide-*")) == []  # publishing the part dropped it too
    client.get("/guide/guide.pdf")
    Page.objects.get(pk=guide["partners"].pk).move(other, pos="last-child")
    assert not list(pdf_cache_dir.glob("guide-*"))


def test_tier_keys_follow_the_access_policy(guide):
    from django.contrib.auth.models import AnonymousUser

    group_b, group_a = Group.objects.create(name="B-test"), Group.objects.create(name="A-test")
    assert cache.tier_key(AnonymousUser()) == "public"
    assert cache.tier_key(accredited_user("sans.groupe")) == "partners"
    member = accredited_user("deux.groupes", [group_b, group_a])
    first, second = sorted([group_a.pk, group_b.pk])
    assert cache.tier_key(member) == f"partners-g{first}-g{second}"
    admin = get_user_model().objects.create_superuser("admin.test", "a@example.org", "x" * 16)
    assert cache.tier_key(admin) == "admin"


# --- Editions ----------------------------------------------------------------------------------


def test_a_frozen_edition_pdf_keeps_the_frozen_text(client, guide):
    import datetime

    from guide.models import GuideEdition

    edition = GuideEdition.objects.create(name="Édition 2026", date=datetime.date(2026, 11, 1))
    edition.freeze(guide["index"])
    chapter = guide["public"]
    chapter.body = body(("text", "<p>MARQUEUR-APRES-EDITION</p>"))
    chapter.save_revision().publish()

    response = client.get(f"/guide/guide.pdf?edition={edition.pk}")
    assert response["Content-Disposition"] == (
        'inline; filename="guide-sante-psychique-logement-edition-2026.pdf"'
    )
    text = pdf_text(response.content)
    assert PUBLIC_TEXT in text
    assert "MARQUEUR-APRES-EDITION" not in text
    assert "Édition 2026" in text
    # Frozen or not, a partners-only chapter stays out of the anonymous PDF.
    assert PARTNERS_TEXT not in text
    assert "MARQUEUR-APRES-EDITION" in pdf_text(client.get("/guide/guide.pdf").content)
    assert client.get("/guide/guide.pdf?edition=999999").status_code == 404
    assert client.get("/guide/guide.pdf?edition=abc").status_code == 404
