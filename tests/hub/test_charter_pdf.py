"""The charter's PDF (`/charte/charte.pdf`) and its "signataires" view (`/charte/signataires/`).

Both are `RoutablePageMixin` routes of the `CharterPage`: they go through Wagtail's
`serve`, so the `before_serve_page` hook (the access policy) runs for them too.
The demo (the Lyon convention, 2013) is loaded once for the module.
"""

import io
import re

import pytest
from django.urls import include, path
from pypdf import PdfReader
from wagtail.models import PageViewRestriction

from guide.pdf import service
from hub.models import CharterPage

# Until `guide.pdf.urls` is included in hub/urls.py, these tests put it in front.
urlpatterns = [path("", include("guide.pdf.urls")), path("", include("hub.urls"))]
pytestmark = pytest.mark.urls(__name__)


@pytest.fixture(scope="module")
def charter(demo_module, django_db_blocker):
    with django_db_blocker.unblock():
        return CharterPage.objects.get()


@pytest.fixture(autouse=True)
def pdf_cache_dir(settings, tmp_path):
    settings.MAILLAGE_PDF_CACHE_DIR = str(tmp_path / "pdf-cache")
    return tmp_path / "pdf-cache"


@pytest.fixture
def renders(monkeypatch):
    calls = []
    original = service.render_pdf

    def counting(html, base_url, **kwargs):
        calls.append(base_url)
        return original(html, base_url, **kwargs)

    monkeypatch.setattr(service, "render_pdf", counting)
    return calls


def pdf_pages(content):
    assert content[:4] == b"%PDF", content[:200]
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages]


def test_the_charter_pdf_is_a_pdf_with_its_parts(client, charter):
    response = client.get("/charte/charte.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('inline; filename="charte-')
    pages = pdf_pages(response.content)
    assert 10 <= len(pages) <= 40
    text = "\n".join(pages)
    for expected in [
        charter.title,
        "Préambule",
        "Actions à engager",
        "Principes de l’action collective",
        "Comité de pilotage",
        "Signataires",
        "Fiche action 1",
        "Fiche action 3",
        "Sources et attributions",
        "Grand Lyon 2013",
    ]:
        assert expected in text, expected
    assert f"page {len(pages)} / {len(pages)}" in pages[-1]


def test_the_charter_pdf_table_of_contents_gives_the_right_pages(client, charter):
    pages = pdf_pages(client.get("/charte/charte.pdf").content)
    toc = next(text for text in pages if "Sommaire" in text and "...." in text)
    entries = [
        (match.group(1).strip(), int(match.group(2)))
        for match in (re.match(r"^(.*?)\s*\.{3,}\s*(\d+)\s*$", line) for line in toc.splitlines())
        if match
    ]
    assert len(entries) >= 10
    for title, number in entries:
        # The heading is on the page the table of contents announces (pypdf may break a
        # long title across lines: compare its first words).
        start = " ".join(title.split()[:3])
        assert start in pages[number - 1].replace("\n", " "), (title, number)


def test_the_charter_pdf_has_metadata_and_bookmarks(client, charter):
    reader = PdfReader(io.BytesIO(client.get("/charte/charte.pdf").content))
    assert reader.metadata.title == charter.title
    assert reader.metadata.author == "Maillage"
    assert str(reader.trailer["/Root"]["/Lang"]) == "fr"
    outline = str(reader.outline)
    for expected in ["Préambule", "Signataires", "Fiches action", "Comité de pilotage"]:
        assert expected in outline


def test_the_charter_pdf_is_cached_then_rebuilt_when_the_charter_is_published(
    client, charter, renders, pdf_cache_dir
):
    first = client.get("/charte/charte.pdf")
    second = client.get("/charte/charte.pdf")
    assert len(renders) == 1
    assert first.content == second.content
    assert list(pdf_cache_dir.glob("charter-*/live/public--*.pdf"))

    charter.intro = "MARQUEUR-NOUVELLE-INTRODUCTION"
    charter.save_revision().publish()
    assert not list(pdf_cache_dir.glob("charter-*"))
    text = "\n".join(pdf_pages(client.get("/charte/charte.pdf").content))
    assert "MARQUEUR-NOUVELLE-INTRODUCTION" in text
    assert len(renders) == 2


def test_the_signatories_view_groups_functions_by_family(client, charter):
    response = client.get("/charte/signataires/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Signataires de la charte" in html
    assert charter.signed_on in html
    assert "Grand Lyon" in html
    families = []
    for signatory in charter.signatories.select_related("family"):
        assert signatory.signatory in html or signatory.signatory.replace("'", "&#x27;") in html
        if signatory.family and signatory.family.name not in families:
            families.append(signatory.family.name)
    # Families in their own order, each a heading.
    ordered = sorted(
        {s.family for s in charter.signatories.all() if s.family},
        key=lambda family: (family.sort_order, family.name),
    )
    positions = [html.index(f">{family.name}</h2>") for family in ordered]
    assert positions == sorted(positions)
    assert 'href="/charte/charte.pdf"' in html


def test_charter_routes_go_through_the_access_policy(client, charter):
    restriction = PageViewRestriction.objects.create(
        page=charter, restriction_type=PageViewRestriction.LOGIN
    )
    try:
        for url in ["/charte/charte.pdf", "/charte/signataires/"]:
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/compte/connexion/")
            assert not response.content.startswith(b"%PDF")
    finally:
        restriction.delete()


def test_a_logged_in_reader_gets_a_private_response(client, charter, django_user_model):
    client.force_login(django_user_model.objects.get(username="membre.bailleurs"))
    response = client.get("/charte/charte.pdf")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_an_anonymous_reader_gets_a_response_a_shared_cache_may_keep(client, charter):
    response = client.get("/charte/charte.pdf")
    assert "no-store" not in response.get("Cache-Control", "")
