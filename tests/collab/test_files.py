"""The checks of a proposed file, on their own: size, type, content against extension,
the antivirus hook (hub/collab/files.py)."""

import pytest
from django.core.exceptions import ValidationError

from hub.collab.files import validate_upload
from tests.collab.conftest import SAMPLES, pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.no_django_db


@pytest.mark.parametrize("extension", sorted(SAMPLES))
def test_each_accepted_type_with_its_real_content_passes(extension):
    validate_upload(upload(f"fichier.{extension}"))


@pytest.mark.parametrize(
    "name, content",
    [
        ("rapport.pdf", png_bytes()),
        ("photo.png", pdf_bytes()),
        ("note.docx", pdf_bytes()),
        ("note.odt", SAMPLES["docx"]()),
        ("tableau.xlsx", SAMPLES["docx"]()),
        ("tableau.ods", SAMPLES["odt"]()),
        ("notes.txt", pdf_bytes()),
        ("notes.txt", b"\x00\x01\x02binaire"),
        ("photo.jpg", b"pas une image"),
    ],
)
def test_content_that_does_not_match_its_extension_is_refused_in_french(name, content):
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(name, content))
    assert error.value.code == "mismatch"
    assert "ne correspond pas à son extension" in error.value.messages[0]


@pytest.mark.parametrize(
    "name", ["script.exe", "page.html", "archive.zip", "sans-extension", "image.svg"]
)
def test_a_refused_type_is_refused_with_the_accepted_list(name):
    with pytest.raises(ValidationError) as error:
        validate_upload(_named(name))
    assert error.value.code == "type"
    assert "Types acceptés" in error.value.messages[0]


def _named(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4 contenu")


def test_a_file_over_the_limit_is_refused_with_both_sizes(settings):
    settings.MAILLAGE_CONTRIBUTION_MAX_SIZE = 1024
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("gros.pdf", pdf_bytes() + b"%" * 2048))
    assert error.value.code == "too_big"
    assert "la limite est de 1,0" in error.value.messages[0]


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("vide.txt", b""))
    assert error.value.code == "empty"


SCANNED = []


def scanner_says_infected(upload):
    SCANNED.append(upload.name)
    return False


def scanner_says_clean(upload):
    SCANNED.append(upload.read(5))
    return True


def scanner_breaks(upload):
    raise ConnectionError("clamd injoignable")


def test_the_antivirus_hook_is_called_and_its_refusal_is_final(settings):
    settings.MAILLAGE_UPLOAD_SCANNER = "tests.collab.test_files.scanner_says_infected"
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("rapport.pdf"))
    assert error.value.code == "virus"
    assert "rapport.pdf" in SCANNED


def test_a_clean_verdict_lets_the_file_through_from_its_start(settings):
    settings.MAILLAGE_UPLOAD_SCANNER = "tests.collab.test_files.scanner_says_clean"
    validate_upload(upload("rapport.pdf"))
    assert SCANNED[-1] == b"%PDF-"


def test_a_scanner_that_fails_refuses_the_file(settings):
    settings.MAILLAGE_UPLOAD_SCANNER = "tests.collab.test_files.scanner_breaks"
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("rapport.pdf"))
    assert error.value.code == "virus"
