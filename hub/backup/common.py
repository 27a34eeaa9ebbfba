"""What backup and restore share: the archive's layout, its error, checksums, the counts an
operator compares, and the rule for the names a manifest may hold."""

from __future__ import annotations

import hashlib
import re
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder

ARCHIVE_FORMAT = 2  # 2: signed manifest (signature.json), media limited to MEDIA_DIRS
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "signature.json"
DUMP_NAME = "database.json"
MEDIA_DIR = "media"
# What Wagtail uploads: documents and original images. Renditions (`images/`) are made
# again on demand; nothing else in MEDIA_ROOT is saved, and a restore accepts nothing else.
MEDIA_DIRS = ("documents", "original_images")
CHUNK = 1024 * 1024
# Control characters, backslashes and NUL have no place in a stored file name.
_BAD_NAME_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\\]")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is in French, for the operator."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_name_problem(name: object) -> str | None:
    """Why `name` cannot be a media path of an archive (relative to MEDIA_ROOT), or None.

    The restore writes under MEDIA_ROOT with these names: an absolute path, a `..`, a
    hidden or empty part, or a folder Wagtail does not upload to would let an archive
    write elsewhere or plant something the site would serve."""
    if not isinstance(name, str) or not name:
        return "nom vide ou qui n'est pas un texte"
    if _BAD_NAME_CHARACTERS.search(name):
        return "caractère interdit dans le nom"
    path = PurePosixPath(name)
    if path.is_absolute():
        return "chemin absolu"
    parts = name.split("/")
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        return "chemin avec « .. », partie vide ou cachée"
    if len(parts) < 2 or parts[0] not in MEDIA_DIRS:
        return f"hors des dossiers attendus ({', '.join(MEDIA_DIRS)})"
    if any(len(part.encode()) > 255 for part in parts):
        return "nom trop long"
    return None


def version_of(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "inconnue"


def content_counts() -> dict[str, int]:
    """What an operator compares after a restore."""
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    counts = {
        "pages": Page.objects.count(),
        "pages_publiees": Page.objects.live().count(),
        "documents": get_document_model().objects.count(),
        "images": get_image_model().objects.count(),
        "comptes": get_user_model().objects.count(),
    }
    for label, key in (
        ("directory.Organisation", "structures"),
        ("directory.Commune", "communes"),
    ):
        try:
            counts[key] = apps.get_model(label).objects.count()
        except LookupError:
            pass
    return counts


def applied_migrations(alias=DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    recorder = MigrationRecorder(connections[alias])
    result: dict[str, list[str]] = {}
    for app_label, name in sorted(recorder.applied_migrations()):
        result.setdefault(app_label, []).append(name)
    return result


def missing_document_files(media_root: Path) -> list[str]:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    missing = []
    for model in (get_document_model(), get_image_model()):
        for name in model.objects.values_list("file", flat=True):
            if name and not (media_root / name).is_file():
                missing.append(name)
    return missing
