"""Members' contributions (hub/collab/): the demo's spaces and accounts, sample files of
each accepted type, and a throw-away folder for the files that wait for a decision."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from hub.models import PartnerSpacePage

FAMILY_SPACE = "famille-bailleurs-gestionnaires"


@pytest.fixture(autouse=True)
def pending_root(settings, tmp_path):
    """Pending files go to this test's own folder, never to var/."""
    settings.MAILLAGE_CONTRIBUTIONS_ROOT = tmp_path / "en-attente"
    return settings.MAILLAGE_CONTRIBUTIONS_ROOT


def person(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def family_space(demo):
    return PartnerSpacePage.objects.get(slug=FAMILY_SPACE)


class Committing:
    """A test client whose POSTs run the on-commit callbacks (e-mails, removal of pending
    files), as a real request's commit does."""

    def __init__(self, client):
        self.client = client

    def __getattr__(self, name):
        return getattr(self.client, name)

    def post(self, *args, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return self.client.post(*args, **kwargs)


@pytest.fixture
def login(client):
    def as_user(username):
        client.force_login(person(username))
        return Committing(client)

    return as_user


def pdf_bytes(marker="Document de travail"):
    body = f"BT /F1 12 Tf ({marker}) Tj ET".encode()
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"3 0 obj<</Length "
        + str(len(body)).encode()
        + b">>stream\n"
        + body
        + b"\nendstream endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def png_bytes():
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def jpeg_bytes():
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + b"\x00" * 64
        + b"\xff\xd9"
    )


def _zip(entries, stored_first=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(zipfile.ZipInfo(stored_first[0]), stored_first[1], zipfile.ZIP_STORED)
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def odf_bytes(mime="application/vnd.oasis.opendocument.text"):
    return _zip(
        [("content.xml", "<office:document-content/>"), ("META-INF/manifest.xml", "<m/>")],
        stored_first=("mimetype", mime),
    )


def ooxml_bytes(main="word/document.xml"):
    # As LibreOffice writes them: the main part is not among the first entries.
    filler = [(f"customXml/item{i}.xml", "x" * 3000) for i in range(4)]
    return _zip([("_rels/.rels", "<r/>"), *filler, ("[Content_Types].xml", "<t/>"), (main, "<d/>")])


SAMPLES = {
    "pdf": pdf_bytes,
    "png": png_bytes,
    "jpg": jpeg_bytes,
    "jpeg": jpeg_bytes,
    "odt": odf_bytes,
    "ods": lambda: odf_bytes("application/vnd.oasis.opendocument.spreadsheet"),
    "docx": ooxml_bytes,
    "xlsx": lambda: ooxml_bytes("xl/workbook.xml"),
    "txt": lambda: "Relevé de décisions du groupe de travail, version révisée.\n".encode(),
}


def upload(name, content=None):
    extension = name.rsplit(".", 1)[-1]
    return SimpleUploadedFile(name, SAMPLES[extension]() if content is None else content)


def pending_files(root):
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []
