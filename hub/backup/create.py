"""`backup_site`: the database as portable JSON, Wagtail's uploads, a manifest of both and
the manifest's signature, in one dated archive readable by its owner only."""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.utils import timezone

from hub.backup import signing
from hub.backup.common import (
    ARCHIVE_FORMAT,
    DUMP_NAME,
    MANIFEST_NAME,
    MEDIA_DIR,
    MEDIA_DIRS,
    SIGNATURE_NAME,
    BackupError,
    applied_migrations,
    content_counts,
    media_name_problem,
    missing_document_files,
    sha256_of,
    version_of,
)

# Left out of the dump: derived or transient data (app labels or app_label.model_name).
EXCLUDED_FROM_DUMP = (
    "contenttypes",
    "auth.permission",
    "sessions",
    "maillage_search",
    "wagtailsearch",
    "axes",
    "wagtailimages.rendition",
    "wagtailadmin.editingsession",
    "django_tasks_database",
)
# Kept by `migrate` and referred to by natural keys: never emptied by a restore.
KEPT_ON_RESTORE = ("contenttypes.contenttype", "auth.permission")


def dump_exclusions() -> list[str]:
    """The exclusions that exist in this project (unknown labels are skipped)."""
    installed = {config.label for config in apps.get_app_configs()}
    result = []
    for entry in EXCLUDED_FROM_DUMP:
        label, _, model = entry.partition(".")
        if label not in installed:
            continue
        if model:
            try:
                apps.get_model(label, model)
            except LookupError:
                continue
        result.append(entry)
    return result


class PortableSerializer(JSONSerializer):
    """JSON like `dumpdata`, with natural keys for content types and permissions only.

    Their ids differ from one database to another (`migrate` creates them in any order),
    so they are written as ("app", "model") and ("codename", "app", "model"). Every other
    reference keeps its id, as the primary keys are kept: `dumpdata --natural-foreign`
    would also write pages and collections by natural key, and fails on the references
    Wagtail keeps to deleted pages (its audit log has no database constraint)."""

    def _use_natural_key(self, field) -> bool:
        return field.remote_field.model._meta.label_lower in KEPT_ON_RESTORE

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = self._use_natural_key(field)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = self._use_natural_key(field)
        super().handle_m2m_field(obj, field)


def dumped_models(alias=DEFAULT_DB_ALIAS) -> list:
    excluded = set(dump_exclusions())
    result = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        if meta.app_label in excluded or meta.label_lower in excluded:
            continue
        if not router.allow_migrate_model(alias, model):
            continue
        result.append(model)
    return result


def write_dump(path: Path, alias=DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Write every kept row to `path` (JSON, loadable by `loaddata`); counts per model."""
    counts: dict[str, int] = {}

    def objects():
        for model in dumped_models(alias):
            queryset = model._base_manager.using(alias).order_by(model._meta.pk.name)
            for obj in queryset.iterator(chunk_size=2000):
                counts[model._meta.label_lower] = counts.get(model._meta.label_lower, 0) + 1
                yield obj

    with open(path, "w", encoding="utf-8") as stream:
        PortableSerializer().serialize(objects(), stream=stream)
    return dict(sorted(counts.items()))


def media_files(media_root: Path):
    """(relative path, absolute path) of every media file to keep, sorted: regular files
    under MEDIA_DIRS whose name a restore will accept (never a link)."""
    for folder in MEDIA_DIRS:
        if not (media_root / folder).is_dir():
            continue
        for path in sorted((media_root / folder).rglob("*")):
            if path.is_symlink() or not path.is_file():
                continue
            relative = path.relative_to(media_root).as_posix()
            if media_name_problem(relative) is None:
                yield relative, path


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    seconds: float


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(mtime)
    info.mode = 0o644
    archive.addfile(info, io.BytesIO(data))


def _read_database(dump_path: Path, media_root: Path, alias) -> dict:
    """Dump, counts and migrations read in one transaction: one consistent picture."""
    connection = connections[alias]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=alias):
        if outermost and connection.vendor == "postgresql":
            # Only possible as the transaction's first statement; inside a caller's
            # transaction (a test), that transaction's snapshot is the picture.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return {
            "model_counts": write_dump(dump_path, alias),
            "counts": content_counts(),
            "migrations": applied_migrations(alias),
            "missing": missing_document_files(media_root),
        }


def backup_site(output_dir: Path, *, alias=DEFAULT_DB_ALIAS) -> BackupResult:
    started = time.monotonic()
    signing.signing_key()  # no key, no backup: refused before any work
    output_dir = Path(output_dir)
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"Impossible de créer le dossier {output_dir} : {error}.") from None
    media_root = Path(settings.MEDIA_ROOT)
    now = timezone.localtime()
    name = f"maillage-sauvegarde-{now:%Y%m%d-%H%M%S}.tar.gz"
    final_path = output_dir / name
    if final_path.exists():
        raise BackupError(f"{final_path} existe déjà : attendez une seconde et recommencez.")

    with tempfile.TemporaryDirectory(prefix="maillage-sauvegarde-") as work:
        dump_path = Path(work) / DUMP_NAME
        database = _read_database(dump_path, media_root, alias)
        manifest = {
            "format": ARCHIVE_FORMAT,
            "cree_le": now.isoformat(),
            "site": settings.WAGTAIL_SITE_NAME,
            "versions": {
                "maillage": version_of("maillage"),
                "python": platform.python_version(),
                "django": version_of("Django"),
                "wagtail": version_of("wagtail"),
            },
            "base_de_donnees": {
                "moteur": connections[alias].vendor,
                "fichier": DUMP_NAME,
                "taille": dump_path.stat().st_size,
                "sha256": sha256_of(dump_path),
                "exclus": dump_exclusions(),
                "objets_par_modele": database["model_counts"],
            },
            "migrations": database["migrations"],
            "comptes": database["counts"],
            "fichiers_manquants": database["missing"],
            "medias": [],
        }

        partial_path = output_dir / f".{name}.partiel"
        try:
            fd = os.open(partial_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                archive.add(dump_path, arcname=DUMP_NAME)
                for relative, path in media_files(media_root):
                    # Read once: the checksum is that of the bytes put in the archive,
                    # even if an editor replaces the file meanwhile.
                    data = path.read_bytes()
                    _add_bytes(archive, f"{MEDIA_DIR}/{relative}", data, path.stat().st_mtime)
                    manifest["medias"].append(
                        {
                            "chemin": relative,
                            "taille": len(data),
                            "sha256": hashlib.sha256(data).hexdigest(),
                        }
                    )
                payload = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
                _add_bytes(archive, MANIFEST_NAME, payload, time.time())
                _add_bytes(archive, SIGNATURE_NAME, signing.sign(payload), time.time())
            os.replace(partial_path, final_path)
        except BaseException:
            partial_path.unlink(missing_ok=True)
            raise
    return BackupResult(final_path, manifest, time.monotonic() - started)
