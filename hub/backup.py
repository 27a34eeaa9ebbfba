"""Backup and restore of a whole site: the database and the media files, in one archive.

`manage.py backup_site --output DIR` writes `maillage-sauvegarde-AAAAMMJJ-HHMMSS.tar.gz`:

- `database.json`: every row in Django's serialization format (what `dumpdata` writes and
  `loaddata` reads), so that it loads into SQLite as into PostgreSQL. Content types and
  permissions are referred to by natural key (their ids differ between databases); all
  other primary keys are kept (StreamFields refer to pages and documents by id).
  Left out, because they are derived or transient: content types and permissions (made by
  `migrate`), sessions, the search documents (`maillage_search`) and Wagtail's search
  index (`wagtailsearch`), django-axes' logs, image renditions, editing sessions;
- `media/`: the uploaded files (documents, original images), not the renditions;
- `manifest.json`: date, versions, applied migrations, counts (pages, documents...), and
  the size and SHA-256 of the dump and of every media file.

The dump is taken inside one read-only transaction (REPEATABLE READ on PostgreSQL): a
consistent picture even while editors work. The archive is written under a temporary name
and renamed at the end, readable by its owner only: it holds password hashes and
second-factor secrets.

`manage.py restore_site ARCHIVE` restores into a freshly migrated, empty database:

1. the archive is unpacked next to MEDIA_ROOT and every checksum is verified, before
   anything is touched;
2. the database is checked: fully migrated, no migration of the archive unknown here,
   and empty (no account, document or image, no page but Wagtail's first two), unless
   `--force`;
3. in one transaction: every table is emptied (but content types and permissions), the
   dump is loaded, and the counts are compared with the manifest; any error undoes it all;
4. only then are the media files moved into MEDIA_ROOT (renames on the same disk);
5. the search documents and Wagtail's search index are rebuilt, the page cache emptied,
   and a summary compares the counts with the manifest.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import shutil
import tarfile
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import signals as model_signals
from django.utils import timezone

ARCHIVE_FORMAT = 1
MANIFEST_NAME = "manifest.json"
DUMP_NAME = "database.json"
MEDIA_DIR = "media"
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
# Media folders left out: Wagtail's image renditions, made again on demand.
EXCLUDED_MEDIA_DIRS = ("images",)
# A freshly migrated database holds Wagtail's root page and its welcome page.
FRESH_PAGE_COUNT = 2
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is in French, for the operator."""


# --- Helpers ----------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "inconnue"


def _installed_labels() -> set[str]:
    return {config.label for config in apps.get_app_configs()}


def dump_exclusions() -> list[str]:
    """The `--exclude` values that exist in this project (dumpdata refuses unknown ones)."""
    installed = _installed_labels()
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


def _database_vendor(alias=DEFAULT_DB_ALIAS) -> str:
    return connections[alias].vendor


def _media_files(media_root: Path):
    """(relative path, absolute path) of every media file to keep, sorted."""
    if not media_root.is_dir():
        return
    for path in sorted(media_root.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        relative = path.relative_to(media_root)
        if relative.parts[0] in EXCLUDED_MEDIA_DIRS or relative.name.startswith("."):
            continue
        yield relative.as_posix(), path


def _missing_document_files(media_root: Path) -> list[str]:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    missing = []
    for model in (get_document_model(), get_image_model()):
        for name in model.objects.values_list("file", flat=True):
            if name and not (media_root / name).is_file():
                missing.append(name)
    return missing


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


# --- Backup -----------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    seconds: float


def backup_site(output_dir: Path, *, alias=DEFAULT_DB_ALIAS) -> BackupResult:
    started = time.monotonic()
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
        with transaction.atomic(using=alias):
            if _database_vendor(alias) == "postgresql":
                with connections[alias].cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            model_counts = write_dump(dump_path, alias)
            counts = content_counts()
            migrations = applied_migrations(alias)
            missing = _missing_document_files(media_root)
        manifest = {
            "format": ARCHIVE_FORMAT,
            "cree_le": now.isoformat(),
            "site": settings.WAGTAIL_SITE_NAME,
            "versions": {
                "maillage": _version("maillage"),
                "python": platform.python_version(),
                "django": _version("Django"),
                "wagtail": _version("wagtail"),
            },
            "base_de_donnees": {
                "moteur": _database_vendor(alias),
                "fichier": DUMP_NAME,
                "taille": dump_path.stat().st_size,
                "sha256": sha256_of(dump_path),
                "exclus": dump_exclusions(),
                "objets_par_modele": dict(sorted(model_counts.items())),
            },
            "migrations": migrations,
            "comptes": counts,
            "fichiers_manquants": missing,
            "medias": [],
        }

        partial_path = output_dir / f".{name}.partiel"
        try:
            fd = os.open(partial_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                archive.add(dump_path, arcname=DUMP_NAME)
                for relative, path in _media_files(media_root):
                    # Read once: the checksum is that of the bytes put in the archive,
                    # even if an editor replaces the file meanwhile.
                    data = path.read_bytes()
                    info = tarfile.TarInfo(f"{MEDIA_DIR}/{relative}")
                    info.size = len(data)
                    info.mtime = int(path.stat().st_mtime)
                    info.mode = 0o644
                    archive.addfile(info, io.BytesIO(data))
                    manifest["medias"].append(
                        {
                            "chemin": relative,
                            "taille": len(data),
                            "sha256": hashlib.sha256(data).hexdigest(),
                        }
                    )
                payload = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST_NAME)
                info.size = len(payload)
                info.mtime = int(time.time())
                info.mode = 0o644
                archive.addfile(info, io.BytesIO(payload))
            os.replace(partial_path, final_path)
        except BaseException:
            partial_path.unlink(missing_ok=True)
            raise
    return BackupResult(final_path, manifest, time.monotonic() - started)


# --- Restore ----------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    manifest: dict
    counts: dict[str, int]
    media_files: int
    search_documents: dict[str, int]
    seconds: float
    warnings: list[str] = field(default_factory=list)


def read_manifest(archive_path: Path) -> dict:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            member = archive.getmember(MANIFEST_NAME)
            manifest = json.load(archive.extractfile(member))
    except FileNotFoundError:
        raise BackupError(f"Archive introuvable : {archive_path}.") from None
    except KeyError:
        raise BackupError(
            f"{archive_path} n'est pas une sauvegarde Maillage : {MANIFEST_NAME} manque."
        ) from None
    except (tarfile.TarError, OSError, EOFError, ValueError) as error:
        raise BackupError(f"Archive illisible ou incomplète ({archive_path}) : {error}.") from None
    if manifest.get("format") != ARCHIVE_FORMAT:
        raise BackupError(
            f"Format d'archive {manifest.get('format')!r} inconnu (attendu : {ARCHIVE_FORMAT})."
        )
    return manifest


def _unpack(archive_path: Path, destination: Path) -> None:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            # The "data" filter refuses absolute paths, "..", links out of the folder
            # and device files: an archive cannot write outside `destination`.
            archive.extractall(destination, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"Archive illisible ou incomplète ({archive_path}) : {error}.") from None


def verify_unpacked(manifest: dict, root: Path) -> None:
    """Every file of the manifest is there with its checksum, and nothing else."""
    problems = []
    dump = root / manifest["base_de_donnees"]["fichier"]
    if not dump.is_file():
        problems.append(f"{dump.name} manque")
    elif sha256_of(dump) != manifest["base_de_donnees"]["sha256"]:
        problems.append(f"{dump.name} : somme de contrôle différente")
    expected = set()
    for entry in manifest["medias"]:
        relative = entry["chemin"]
        expected.add(relative)
        path = root / MEDIA_DIR / relative
        if not path.is_file():
            problems.append(f"média manquant : {relative}")
        elif path.stat().st_size != entry["taille"] or sha256_of(path) != entry["sha256"]:
            problems.append(f"média altéré : {relative}")
    media_root = root / MEDIA_DIR
    if media_root.is_dir():
        for path in media_root.rglob("*"):
            if path.is_file() and path.relative_to(media_root).as_posix() not in expected:
                problems.append(f"fichier absent du manifeste : {path.relative_to(root)}")
    if problems:
        shown = "; ".join(problems[:10])
        more = f" (et {len(problems) - 10} autres)" if len(problems) > 10 else ""
        raise BackupError(
            f"Archive refusée, elle ne correspond pas à son manifeste : {shown}{more}."
        )


def check_database_ready(manifest: dict, *, force: bool, alias=DEFAULT_DB_ALIAS) -> list[str]:
    """Refuse a database that is not migrated, older than the archive, or not empty."""
    connection = connections[alias]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError(
            "La base n'est pas à jour : lancez d'abord « python manage.py migrate », "
            "puis relancez la restauration."
        )
    here = applied_migrations(alias)
    unknown = [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if name not in set(here.get(app, ()))
    ]
    if unknown:
        raise BackupError(
            "L'archive vient d'une version plus récente de Maillage (migrations inconnues "
            f"ici : {', '.join(unknown[:5])}) : mettez le code à jour, lancez migrate, "
            "puis relancez la restauration."
        )
    warnings = []
    counts = content_counts()
    filled = []
    if counts["comptes"]:
        filled.append(f"{counts['comptes']} compte(s)")
    if counts["pages"] > FRESH_PAGE_COUNT:
        filled.append(f"{counts['pages']} pages")
    if counts["documents"]:
        filled.append(f"{counts['documents']} document(s)")
    if counts["images"]:
        filled.append(f"{counts['images']} image(s)")
    if filled:
        message = (
            f"La base de données n'est pas vide ({', '.join(filled)}) : la restauration "
            "remplacerait tout son contenu."
        )
        if not force:
            raise BackupError(
                f"{message} Restaurez dans une base neuve (créée vide puis « manage.py "
                "migrate »), ou ajoutez --force pour tout remplacer."
            )
        warnings.append(f"{message} --force : contenu remplacé.")
    return warnings


def _tables_to_empty(alias=DEFAULT_DB_ALIAS) -> list[str]:
    connection = connections[alias]
    kept = {apps.get_model(label)._meta.db_table for label in KEPT_ON_RESTORE}
    tables = connection.introspection.django_table_names(only_existing=True)
    return sorted(table for table in tables if table not in kept)


@contextmanager
def signals_muted():
    """Model signals are off while the dump loads: it replays a consistent database, and
    receivers that derive data (spaces' restrictions, search documents, caches) would act
    on half-loaded rows. What is derived is rebuilt after the load."""
    muted = (
        model_signals.pre_save,
        model_signals.post_save,
        model_signals.pre_delete,
        model_signals.post_delete,
        model_signals.m2m_changed,
    )
    saved = []
    for signal in muted:
        with signal.lock:
            saved.append((signal, signal.receivers))
            signal.receivers = []
            signal.sender_receivers_cache.clear()
    try:
        yield
    finally:
        for signal, receivers in saved:
            with signal.lock:
                signal.receivers = receivers
                signal.sender_receivers_cache.clear()


def _load(dump_path: Path, manifest: dict, alias=DEFAULT_DB_ALIAS) -> None:
    """Empty the tables, load the dump, compare the counts: one transaction."""
    connection = connections[alias]
    with transaction.atomic(using=alias):
        statements = connection.ops.sql_flush(
            no_style(), _tables_to_empty(alias), reset_sequences=False, allow_cascade=False
        )
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        try:
            with signals_muted():
                call_command("loaddata", str(dump_path), database=alias, verbosity=0)
        except Exception as error:
            raise BackupError(
                f"Chargement de la base impossible, rien n'a été modifié : {error}"
            ) from error
        counts = content_counts()
        differences = [
            f"{key} : {manifest['comptes'][key]} attendus, {counts.get(key)} chargés"
            for key in manifest["comptes"]
            if counts.get(key) != manifest["comptes"][key]
        ]
        if differences:
            raise BackupError(
                "Restauration annulée, les nombres ne correspondent pas au manifeste : "
                + "; ".join(differences)
                + "."
            )


def _move_media(staged: Path, media_root: Path) -> int:
    moved = 0
    if not staged.is_dir():
        return 0
    for path in sorted(staged.rglob("*")):
        if not path.is_file():
            continue
        target = media_root / path.relative_to(staged)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
        moved += 1
    return moved


def restore_site(
    archive_path: Path, *, force: bool = False, alias=DEFAULT_DB_ALIAS, rebuild_index=True
) -> RestoreResult:
    started = time.monotonic()
    archive_path = Path(archive_path)
    manifest = read_manifest(archive_path)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    # Unpacked next to MEDIA_ROOT, on the same disk: the final moves are renames.
    staging = Path(tempfile.mkdtemp(prefix=".maillage-restauration-", dir=media_root.parent))
    try:
        _unpack(archive_path, staging)
        verify_unpacked(manifest, staging)
        warnings = check_database_ready(manifest, force=force, alias=alias)
        _load(staging / manifest["base_de_donnees"]["fichier"], manifest, alias)
        moved = _move_media(staging / MEDIA_DIR, media_root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    search_counts: dict[str, int] = {}
    if rebuild_index:
        from search.indexing import rebuild

        search_counts = rebuild()
        call_command("update_index", verbosity=0, stdout=io.StringIO())
    from hub.cache import clear_page_cache

    clear_page_cache()
    missing = _missing_document_files(media_root)
    if missing:
        warnings.append(
            f"{len(missing)} fichier(s) de documents ou d'images absents de MEDIA_ROOT "
            f"(déjà absents lors de la sauvegarde : {len(manifest.get('fichiers_manquants', []))})."
        )
    return RestoreResult(
        manifest=manifest,
        counts=content_counts(),
        media_files=moved,
        search_documents=search_counts,
        seconds=time.monotonic() - started,
        warnings=warnings,
    )
