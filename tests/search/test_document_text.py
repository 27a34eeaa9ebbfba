"""The text inside documents, for the site search (search/extract.py, search/documents.py).

Files are made here: PDFs by WeasyPrint (and encrypted by pypdf), DOCX and ODT archives
written with their minimal parts. Extraction is bounded (pages, characters, bytes, time)
and never fails on a broken, encrypted or hostile file; a document is indexed with its
collection's access, and again when its file or its collection's restriction changes.
"""

from __future__ import annotations

import io
import logging
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.core.files.base import ContentFile
from pypdf import PdfReader, PdfWriter
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction
from weasyprint import HTML

from hub.demo.load_spaces import ensure_document
from search import documents as search_documents
from search.engines.base import SearchQuery
from search.engines.database import DatabaseEngine
from search.extract import Limits, extract_text, file_format
from search.indexing import rebuild
from search.models import SearchDocument
from search.text import normalize

Document = get_document_model()
LIMITS = Limits(max_bytes=10_000_000, max_pages=50, max_chars=100_000, max_seconds=30)


# --- Files made in the test ------------------------------------------------------------------


def make_pdf(*pages: str) -> bytes:
    """A PDF with one page per text, through WeasyPrint (a dependency of the site)."""
    html = "".join(
        f'<p style="page-break-after: always">{text}</p>'
        if n < len(pages) - 1
        else f"<p>{text}</p>"
        for n, text in enumerate(pages)
    )
    return HTML(string=f"<html lang='fr'><body>{html}</body></html>").write_pdf()


def encrypted(pdf: bytes, password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password="proprietaire", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def make_docx(body_xml: str, *, document_xml: str | None = None) -> bytes:
    """A minimal WordprocessingML package: content types, relations, the document."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats'
            '-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "word/document.xml",
            document_xml
            or f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body_xml}'
            "</w:body></w:document>",
        )
    return out.getvalue()


def docx_paragraph(*runs: str) -> str:
    return "<w:p>" + "".join(f"<w:r><w:t>{run}</w:t></w:r>" for run in runs) + "</w:p>"


TEXT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
)


def make_odt(text_xml: str) -> bytes:
    """A minimal OpenDocument text: its mimetype first and stored, a manifest, content."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
            'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
            'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        archive.writestr(
            "content.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {TEXT_NS} '
            f'office:version="1.2"><office:body><office:text>{text_xml}</office:text>'
            "</office:body></office:document-content>",
        )
    return out.getvalue()


def extract(content: bytes, name: str, limits: Limits = LIMITS) -> str:
    return extract_text(io.BytesIO(content), name, size=len(content), limits=limits)


# --- Extraction ---------------------------------------------------------------------------------


@pytest.mark.no_django_db
def test_the_text_of_a_pdf_is_read_with_its_accents():
    pdf = make_pdf("Compte rendu de la plénière : hébergement accompagné à Metz.")
    text = extract(pdf, "compte-rendu.pdf")
    assert "plénière" in text and "hébergement accompagné" in text


@pytest.mark.no_django_db
def test_the_text_of_a_docx_is_read_paragraphs_tables_and_tabs_included():
    table = (
        "<w:tbl><w:tr><w:tc>"
        + docx_paragraph("Cellule ", "bailleur")
        + "</w:tc><w:tc>"
        + docx_paragraph("psychiatrie")
        + "</w:tc></w:tr></w:tbl>"
    )
    body = (
        docx_paragraph("Convention ", "cadre ARELOR")
        + "<w:p><w:r><w:t>avant</w:t><w:tab/><w:t>après</w:t></w:r></w:p>"
        + table
    )
    text = extract(make_docx(body), "convention.DOCX")
    assert text == "Convention cadre ARELOR avant après Cellule bailleur psychiatrie"


@pytest.mark.no_django_db
def test_the_text_of_an_odt_is_read_headings_spans_spaces_and_notes_once():
    content = (
        "<text:h>Procédure de signalement</text:h>"
        "<text:p>Fiche <text:span>modèle</text:span><text:s/>partagée"
        "<text:note><text:note-body><text:p>Note de bas de page</text:p></text:note-body>"
        "</text:note> fin.</text:p>"
        "<table:table><table:table-row><table:table-cell><text:p>Cellule</text:p>"
        "</table:table-cell></table:table-row></table:table>"
    )
    text = extract(make_odt(content), "fiche.odt")
    assert text.split() == (
        "Procédure de signalement Note de bas de page Fiche modèle partagée fin. Cellule".split()
    )


@pytest.mark.no_django_db
def test_plain_text_in_utf8_or_windows_1252_is_read():
    assert extract("Réunion à Metz".encode(), "notes.txt") == "Réunion à Metz"
    assert extract("Réunion à Metz".encode("cp1252"), "notes.txt") == "Réunion à Metz"


@pytest.mark.no_django_db
def test_other_formats_are_not_read():
    assert extract(b"a,b\n1,2", "tableau.csv") == ""
    assert extract(make_pdf("mot"), "sans-extension") == ""


# --- Bounds ---------------------------------------------------------------------------------------


@pytest.mark.no_django_db
def test_only_the_first_pages_of_a_pdf_are_read():
    pdf = make_pdf("premierepage", "deuxiemepage", "troisiemepage")
    text = extract(pdf, "long.pdf", Limits(10_000_000, 2, 100_000, 30))
    assert "premierepage" in text and "deuxiemepage" in text
    assert "troisiemepage" not in text


@pytest.mark.no_django_db
def test_the_text_kept_is_cut_at_the_character_bound_and_reading_stops():
    body = "".join(docx_paragraph(f"paragraphe{number:05d}") for number in range(5000))
    content = make_docx(body)

    class Counting(io.BytesIO):
        read_bytes = 0

        def read(self, size=-1):
            data = super().read(size)
            Counting.read_bytes += len(data)
            return data

    text = extract_text(
        Counting(content), "long.docx", size=len(content), limits=Limits(10_000_000, 50, 100, 30)
    )
    assert len(text) == 100 and text.startswith("paragraphe00000")
    # The archive was not read to its end (its XML is parsed as a stream).
    uncompressed = zipfile.ZipFile(io.BytesIO(content)).getinfo("word/document.xml").file_size
    assert Counting.read_bytes < uncompressed


@pytest.mark.no_django_db
def test_a_file_over_the_byte_bound_is_not_opened(caplog):
    class Untouchable(io.BytesIO):
        def read(self, size=-1):
            raise AssertionError("the file was read")

        seek = tell = read

    with caplog.at_level(logging.WARNING, logger="maillage.search"):
        text = extract_text(
            Untouchable(), "enorme.pdf", size=50_000_000, limits=Limits(1_000_000, 50, 1000, 30)
        )
    assert text == ""
    assert "SEARCH_EXTRACT_MAX_BYTES" in caplog.text


@pytest.mark.no_django_db
def test_the_deadline_stops_a_file_and_keeps_what_was_read(caplog):
    body = "".join(docx_paragraph(f"mot{number}") for number in range(2000))
    with caplog.at_level(logging.WARNING, logger="maillage.search"):
        text = extract(make_docx(body), "lent.docx", Limits(10_000_000, 50, 100_000, 0))
    assert "mot1999" not in text
    assert "SEARCH_EXTRACT_MAX_SECONDS" in caplog.text


@pytest.mark.no_django_db
def test_a_zip_bomb_is_read_up_to_the_decompressed_bound_only(caplog):
    # 60 MB of blanks inside one paragraph compress to a few kilobytes.
    bomb = make_docx(
        "",
        document_xml=f"<w:document {W}><w:body><w:p><w:r><w:t>debut"
        + " " * 60_000_000
        + "</w:t></w:r></w:p></w:body></w:document>",
    )
    assert len(bomb) < 200_000
    with caplog.at_level(logging.WARNING, logger="maillage.search"):
        text = extract(bomb, "bombe.docx", Limits(10_000_000, 50, 1_000, 30))
    assert text == ""
    assert "trop volumineux" in caplog.text


# --- Broken and encrypted files ------------------------------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    f"<w:document {W}><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"
)


@pytest.mark.no_django_db
@pytest.mark.parametrize(
    "name, content",
    [
        ("casse.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF garbage"),
        ("pas-un-pdf.pdf", b"\x00\x01 ceci n'est pas un PDF " * 100),
        ("tronque.pdf", make_pdf("tronque")[:400]),
        ("pas-une-archive.docx", b"PK\x03\x04 rien de plus"),
        ("vide.odt", b""),
        ("sans-contenu.odt", make_docx(docx_paragraph("x"))),  # no content.xml
        ("xml-casse.docx", make_docx("", document_xml="<w:document><w:body><w:p>")),
        ("entites.docx", make_docx("", document_xml=BILLION_LAUGHS)),
    ],
)
def test_a_broken_or_hostile_file_gives_no_text_and_a_warning(name, content, caplog):
    with caplog.at_level(logging.WARNING, logger="maillage.search"):
        assert extract(content, name) == ""
    assert f"Texte de {name} non indexé" in caplog.text


@pytest.mark.no_django_db
@pytest.mark.parametrize("password", ["secret", ""])
def test_an_encrypted_pdf_gives_no_text_and_a_warning(password, caplog):
    pdf = encrypted(make_pdf("motchiffre"), password)
    with caplog.at_level(logging.WARNING, logger="maillage.search"):
        assert extract(pdf, "chiffre.pdf") == ""
    assert "PDF chiffré" in caplog.text


@pytest.mark.no_django_db
def test_an_encrypted_office_archive_gives_no_text():
    content = bytearray(make_docx(docx_paragraph("secret")))
    # The "encrypted" flag of each local and central entry (what zip tools write).
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := content.find(signature, start)) != -1:
            content[start + offset] |= 0x1
            start += 4
    assert extract(bytes(content), "chiffre.docx") == ""


# --- Indexing ------------------------------------------------------------------------------


@pytest.fixture
def family_collection(db):
    """A collection restricted to one family's group, with a member of it and an outsider."""
    group = Group.objects.create(name="Famille de test")
    collection = Collection.get_first_root_node().add_child(name="Espace de test")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    User = get_user_model()
    member = User.objects.create_user("membre.test", "membre.test@example.org", "x" * 16)
    member.groups.add(group)
    outsider = User.objects.create_user("autre.test", "autre.test@example.org", "x" * 16)
    return collection, group, member, outsider


def found(user, text):
    return [hit.title for hit in DatabaseEngine().search(user, SearchQuery(text=text)).hits]


@pytest.mark.django_db
def test_a_restricted_pdf_is_found_by_a_word_inside_it_by_its_readers_only(
    family_collection, django_capture_on_commit_callbacks
):
    collection, group, member, outsider = family_collection
    with django_capture_on_commit_callbacks(execute=True):
        doc = ensure_document(
            "Compte rendu de test",
            "cr.pdf",
            make_pdf("La plénière a retenu le dispositif Zéphyrin."),
            collection,
        )
    row = SearchDocument.objects.get(source="wagtaildocs.document", object_id=doc.pk)
    assert row.kind == "document" and row.subkind == "pdf"
    assert row.subkind_label == "Document PDF" and row.url == doc.url
    assert "Zéphyrin" in row.body and "zephyrin" in row.search_text
    assert row.access_tier == "family"
    assert list(row.clause_groups.values_list("group_id", flat=True)) == [group.pk]
    assert found(member, "zephyrin") == ["Compte rendu de test"]
    assert found(outsider, "zephyrin") == []
    assert found(AnonymousUser(), "zephyrin") == []
    hit = DatabaseEngine().search(member, SearchQuery(text="zephyrin", highlight=True)).hits[0]
    assert "<mark>Zéphyrin</mark>" in hit.highlight


@pytest.mark.django_db
def test_replacing_the_file_reindexes_its_text(
    family_collection, django_capture_on_commit_callbacks
):
    collection, _group, member, _outsider = family_collection
    with django_capture_on_commit_callbacks(execute=True):
        doc = ensure_document("Ordre du jour", "odj.pdf", make_pdf("ancienmot"), collection)
    assert found(member, "ancienmot") == ["Ordre du jour"]
    with django_capture_on_commit_callbacks(execute=True):
        doc.file.save("odj-v2.odt", ContentFile(make_odt("<text:p>nouveaumot</text:p>")))
    assert found(member, "ancienmot") == []
    assert found(member, "nouveaumot") == ["Ordre du jour"]
    assert SearchDocument.objects.get(object_id=doc.pk, kind="document").subkind == "odt"


@pytest.mark.django_db
def test_a_restriction_change_reindexes_without_reading_the_file_again(
    family_collection, django_capture_on_commit_callbacks, monkeypatch
):
    collection, group, member, outsider = family_collection
    child = collection.add_child(name="Sous-dossier")
    with django_capture_on_commit_callbacks(execute=True):
        ensure_document("Note interne", "note.docx", make_docx(docx_paragraph("motnote")), child)
    assert found(outsider, "motnote") == []
    reads = []
    original = search_documents.read_file_text
    monkeypatch.setattr(
        search_documents, "read_file_text", lambda *a: reads.append(a) or original(*a)
    )
    restriction = CollectionViewRestriction.objects.get(collection=collection)
    with django_capture_on_commit_callbacks(execute=True):
        restriction.groups.add(Group.objects.create(name="Autre famille"))
    other = Group.objects.get(name="Autre famille")
    outsider.groups.add(other)
    # The parent's restriction now names both groups: the outsider's new group opens it.
    assert found(get_user_model().objects.get(pk=outsider.pk), "motnote") == ["Note interne"]
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert found(AnonymousUser(), "motnote") == ["Note interne"]
    assert reads == []


@pytest.mark.django_db
def test_deleting_a_document_removes_it(family_collection, django_capture_on_commit_callbacks):
    collection, _group, member, _outsider = family_collection
    with django_capture_on_commit_callbacks(execute=True):
        doc = ensure_document("À supprimer", "x.txt", b"motsupprime", collection)
    assert found(member, "motsupprime") == ["À supprimer"]
    with django_capture_on_commit_callbacks(execute=True):
        doc.delete()
    assert not SearchDocument.objects.filter(kind="document", object_id=doc.pk).exists()


@pytest.mark.django_db
def test_a_broken_file_is_indexed_by_its_title(
    family_collection, django_capture_on_commit_callbacks
):
    collection, _group, member, _outsider = family_collection
    with django_capture_on_commit_callbacks(execute=True):
        ensure_document("Procès-verbal abîmé", "pv.pdf", b"%PDF-1.4 abime", collection)
    assert found(member, "proces verbal") == ["Procès-verbal abîmé"]


@pytest.mark.django_db
def test_rebuild_reads_the_files_again(family_collection, django_capture_on_commit_callbacks):
    collection, _group, member, _outsider = family_collection
    with django_capture_on_commit_callbacks(execute=True):
        ensure_document("Trame", "trame.txt", b"motreconstruit", collection)
    SearchDocument.objects.filter(kind="document").delete()
    counts = rebuild([Document])
    assert counts == {"wagtaildocs.document": Document.objects.count()}
    assert found(member, "motreconstruit") == ["Trame"]


# --- The site search, and a space's audience -------------------------------------------


@pytest.mark.django_db
def test_a_space_audience_change_moves_its_documents_to_the_new_readers(
    demo, client, django_capture_on_commit_callbacks
):
    from hub.models import PartnerSpacePage

    space = PartnerSpacePage.objects.get(slug="famille-bailleurs-gestionnaires")
    with django_capture_on_commit_callbacks(execute=True):
        doc = ensure_document(
            "Compte rendu bailleurs",
            "cr-bailleurs.pdf",
            make_pdf("Quadrilatère"),
            space.ensure_collection(),
        )
    User = get_user_model()
    psychiatrie = User.objects.get(username="membre.psychiatrie")
    bailleurs = User.objects.get(username="membre.bailleurs")
    assert found(psychiatrie, "quadrilatere") == []

    client.force_login(bailleurs)
    body = client.get("/recherche/", {"q": "quadrilatère"}).content.decode()
    assert 'id="groupe-document"' in body and ">Document</h3>" in body
    assert "<mark>Quadrilatère</mark>" in body
    assert f'href="{doc.url}"' in body and "Document PDF" in body
    assert space.title in body  # the space is named under the title: its readers are the same
    assert client.get(doc.url).status_code == 200

    space.audience = PartnerSpacePage.Audience.PARTNERS
    space.family = None
    with django_capture_on_commit_callbacks(execute=True):
        space.save_revision().publish()
    assert found(psychiatrie, "quadrilatere") == ["Compte rendu bailleurs"]
    assert found(AnonymousUser(), "quadrilatere") == []


@pytest.mark.django_db
def test_the_demo_s_space_documents_are_indexed_with_their_space_s_access(demo):
    from hub.access import document_access

    demo_documents = list(Document.objects.select_related("collection"))
    assert demo_documents
    rows = {
        row.object_id: row
        for row in SearchDocument.objects.filter(
            kind="document", object_id__in=[doc.pk for doc in demo_documents]
        )
    }
    for doc in demo_documents:
        row = rows[doc.pk]
        assert row.access_tier == document_access(doc).tier
        if file_format(doc.file.name):
            # The file was read: its text is searchable beyond the title.
            assert row.body and normalize(row.body) in row.search_text, doc.title
