"""The checks a contributed file passes before anything is stored, and where it waits.

- Size: at most `MAILLAGE_CONTRIBUTION_MAX_SIZE` bytes (20 Mo by default).
- Type: the extension must be one of `ALLOWED`, and the content must be what the extension
  says. The magic bytes are read by `filetype` (pinned, pure Python, no libmagic): a PDF,
  PNG or JPEG starts with its signature. The office formats are ZIP archives whose
  identifying entries `filetype` looks for in the first 8 KB only, which a real
  LibreOffice or Word file may not satisfy; so they are checked on the archive's central
  directory instead (`zipfile`, the standard library): `mimetype` for ODF, the main part
  for OOXML. A text file is text: no known binary signature, no NUL byte, UTF-8 or
  Windows-1252.
- Antivirus: `MAILLAGE_UPLOAD_SCANNER` may name a callable (dotted path) called with the
  uploaded file; it returns True when the file is clean. False, or any exception, refuses
  the file (fail closed). None by default (docs/operations.md).

A contribution's file then waits in `pending_storage`: a folder outside MEDIA_ROOT
(`MAILLAGE_CONTRIBUTIONS_ROOT`), which no URL serves.
"""

from __future__ import annotations

import logging
import os
import uuid
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.template.defaultfilters import filesizeformat
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

logger = logging.getLogger("maillage.collab")

ODF = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
OOXML = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
MAGIC = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}
ALLOWED = ("pdf", "odt", "ods", "docx", "xlsx", "png", "jpg", "jpeg", "txt")


def allowed_label() -> str:
    return ", ".join(sorted({ext.upper() for ext in ALLOWED} - {"JPEG"}))


def extension_of(name: str) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def _zip_names(upload) -> list[str] | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)


def _odf_mimetype(upload) -> bytes:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return archive.read("mimetype").strip()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError):
        return b""
    finally:
        upload.seek(0)


def _looks_like_text(upload) -> bool:
    upload.seek(0)
    head = upload.read(64 * 1024)
    upload.seek(0)
    if b"\x00" in head or filetype.guess(head) is not None:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            # A multi-byte character cut at the end of the sample is not a reason to refuse.
            head.decode(encoding) if len(head) < 64 * 1024 else head[:-4].decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def content_matches(upload, extension: str) -> bool:
    """Is the content of `upload` what `extension` says it is?"""
    if extension in MAGIC:
        upload.seek(0)
        kind = filetype.guess(upload)
        upload.seek(0)
        return kind is not None and kind.mime == MAGIC[extension]
    if extension in ODF:
        return _odf_mimetype(upload) == ODF[extension].encode()
    if extension in OOXML:
        names = _zip_names(upload)
        return names is not None and "[Content_Types].xml" in names and OOXML[extension] in names
    if extension == "txt":
        return _looks_like_text(upload)
    return False


def scan(upload) -> bool:
    """The antivirus hook: True when no scanner is configured or the scanner says clean."""
    dotted = getattr(settings, "MAILLAGE_UPLOAD_SCANNER", "") or ""
    if not dotted:
        return True
    try:
        upload.seek(0)
        clean = bool(import_string(dotted)(upload))
    except Exception:  # noqa: BLE001 - a scanner that fails must refuse, never let through
        logger.exception("L'analyse antivirus d'un fichier proposé a échoué.")
        clean = False
    finally:
        upload.seek(0)
    return clean


def validate_upload(upload):
    """Raise a ValidationError with a French message when `upload` may not be stored."""
    limit = settings.MAILLAGE_CONTRIBUTION_MAX_SIZE
    if upload.size > limit:
        raise ValidationError(
            _("Ce fichier pèse %(size)s : la limite est de %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_big",
        )
    if upload.size == 0:
        raise ValidationError(_("Ce fichier est vide."), code="empty")
    extension = extension_of(upload.name)
    if extension not in ALLOWED:
        raise ValidationError(
            _("Ce type de fichier n'est pas accepté. Types acceptés : %(types)s.")
            % {"types": allowed_label()},
            code="type",
        )
    if not content_matches(upload, extension):
        raise ValidationError(
            _(
                "Le contenu de ce fichier ne correspond pas à son extension « .%(ext)s ». "
                "Enregistrez-le à nouveau dans ce format, ou choisissez le bon fichier."
            )
            % {"ext": extension},
            code="mismatch",
        )
    if not scan(upload):
        raise ValidationError(_("Ce fichier a été refusé par l'analyse antivirus."), code="virus")


class PendingStorage(FileSystemStorage):
    """Files waiting for a decision: a folder read from the settings at each use (so that
    tests and each deployment choose it), and no address at all."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.MAILLAGE_CONTRIBUTIONS_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Les fichiers en attente ne sont jamais servis par une adresse.")


_PENDING = PendingStorage()


def pending_storage():
    """The storage of pending files (a callable, so migrations name it by path)."""
    return _PENDING


def pending_path(instance, filename):
    """`<space id>/<random>.<ext>`: nothing the author typed reaches the file system."""
    extension = extension_of(filename)
    return f"{instance.space_id}/{uuid.uuid4().hex}.{extension}"
