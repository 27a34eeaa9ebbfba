"""`restore_site`: an archive of `backup_site` into a freshly migrated, empty database.

Nothing is touched until the archive has proved itself: only regular files (no link, no
device), a manifest signed with BACKUP_SIGNING_KEY, only the names it expects, and every
checksum right. Then the database is loaded in one transaction, and only after that are
the media files moved into MEDIA_ROOT.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import tarfile
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import signals as model_signals

from hub.backup import signing
from hub.backup.common import (
    ARCHIVE_FORMAT,
    DUMP_NAME,
    MANIFEST_NAME,
    MEDIA_DIR,
    SIGNATURE_NAME,
    BackupError,
    applied_migrations,
    content_counts,
    media_name_problem,
    missing_document_files,
    sha256_of,
)
from hub.backup.create import KEPT_ON_RESTORE

# A freshly migrated database holds Wagtail's root page and its welcome page.
FRESH_PAGE_COUNT = 2
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass
class RestoreResult:
    manifest: dict
    counts: dict[str, int]
    media_files: int
    search_documents: dict[str, int]
    seconds: float
    warnings: list[str] = field(default_factory=list)


def _kind(member: tarfile.TarInfo) -> str:
    if member.issym():
        return "lien symbolique"
    if member.islnk():
        return "lien physique"
    if member.ischr() or member.isblk():
        return "périphérique"
    if member.isfifo():
        return "tube nommé"
    if member.isdir():
        return "dossier"
    return "entrée spéciale"


def _refused(reason: str) -> BackupError:
    return BackupError(f"Archive refusée : {reason} ; rien n'a été modifié.")


def validate_manifest(manifest: object) -> set[str]:
    """The member names the manifest announces; BackupError if any entry is malformed."""
    if not isinstance(manifest, dict) or manifest.get("format") != ARCHIVE_FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise _refused(f"format d'archive {found!r} inconnu (attendu : {ARCHIVE_FORMAT})")
    database = manifest.get("base_de_donnees")
    if not isinstance(database, dict) or database.get("fichier") != DUMP_NAME:
        raise _refused(f"le manifeste doit nommer la base « {DUMP_NAME} »")
    if not _SHA256.fullmatch(str(database.get("sha256", ""))):
        raise _refused("somme de contrôle de la base mal formée dans le manifeste")
    for key in ("migrations", "comptes"):
        if not isinstance(manifest.get(key), dict):
            raise _refused(f"entrée « {key} » mal formée dans le manifeste")
    names = {MANIFEST_NAME, SIGNATURE_NAME, DUMP_NAME}
    entries = manifest.get("medias")
    if not isinstance(entries, list):
        raise _refused("entrée « medias » mal formée dans le manifeste")
    for entry in entries:
        name = entry.get("chemin") if isinstance(entry, dict) else None
        problem = media_name_problem(name)
        if problem is None and not (
            isinstance(entry.get("taille"), int) and _SHA256.fullmatch(str(entry.get("sha256")))
        ):
            problem = "taille ou somme de contrôle mal formée"
        if problem is None and f"{MEDIA_DIR}/{name}" in names:
            problem = "nom en double"
        if problem:
            raise _refused(f"nom de fichier refusé dans le manifeste ({problem}) : {name!r}")
        names.add(f"{MEDIA_DIR}/{name}")
    return names


def read_manifest(archive_path: Path) -> dict:
    """The archive's manifest once everything that can be checked without unpacking is:
    only regular files, a valid signature, only the names the manifest announces."""
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            members = archive.getmembers()
            for member in members:
                if not member.isreg():
                    raise _refused(
                        f"{_kind(member)} « {member.name} » (seuls des fichiers sont admis)"
                    )
            by_name: dict[str, tarfile.TarInfo] = {}
            for member in members:
                if member.name in by_name:
                    raise _refused(f"« {member.name} » figure deux fois")
                by_name[member.name] = member
            if MANIFEST_NAME not in by_name:
                raise BackupError(
                    f"{archive_path} n'est pas une sauvegarde Maillage : {MANIFEST_NAME} manque."
                )
            payload = archive.extractfile(by_name[MANIFEST_NAME]).read()
            signature = by_name.get(SIGNATURE_NAME)
            signature = archive.extractfile(signature).read() if signature else None
    except FileNotFoundError:
        raise BackupError(f"Archive introuvable : {archive_path}.") from None
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"Archive illisible ou incomplète ({archive_path}) : {error}.") from None
    signing.verify(payload, signature)
    try:
        manifest = json.loads(payload)
    except ValueError:
        raise _refused("manifeste illisible") from None
    expected = validate_manifest(manifest)
    unexpected = sorted(set(by_name) - expected)
    if unexpected:
        raise _refused(f"fichier absent du manifeste : {unexpected[0]}")
    return manifest


def _unpack(archive_path: Path, destination: Path) -> None:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            # Already checked by read_manifest; the "data" filter is a second lock
            # (no absolute path, no "..", no link out of the folder, no device).
            archive.extractall(destination, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"Archive illisible ou incomplète ({archive_path}) : {error}.") from None


def verify_unpacked(manifest: dict, root: Path) -> None:
    """Every file of the manifest is there, a regular file with its checksum, and
    nothing else."""
    problems = []
    dump = root / DUMP_NAME
    if dump.is_symlink() or not dump.is_file():
        problems.append(f"{DUMP_NAME} manque")
    elif sha256_of(dump) != manifest["base_de_donnees"]["sha256"]:
        problems.append(f"{DUMP_NAME} : somme de contrôle différente")
    expected = set()
    for entry in manifest["medias"]:
        relative = entry["chemin"]
        expected.add(relative)
        path = root / MEDIA_DIR / relative
        if path.is_symlink() or not path.is_file():
            problems.append(f"média manquant : {relative}")
        elif path.stat().st_size != entry["taille"] or sha256_of(path) != entry["sha256"]:
            problems.append(f"média altéré : {relative}")
    media_root = root / MEDIA_DIR
    if media_root.is_dir():
        for path in media_root.rglob("*"):
            if path.is_dir() and not path.is_symlink():
                continue
            if path.relative_to(media_root).as_posix() not in expected:
                problems.append(f"fichier absent du manifeste : {path.relative_to(root)}")
    if problems:
        shown = "; ".join(problems[:10])
        more = f" (et {len(problems) - 10} autres)" if len(problems) > 10 else ""
        raise BackupError(
            f"Archive refusée, elle ne correspond pas à son manifeste : {shown}{more}."
        )


def check_database_ready(manifest: dict, *, force: bool, alias=DEFAULT_DB_ALIAS) -> list[str]:
    """Refuse a database that is not migrated, older than the archive, or not empty."""
    executor = MigrationExecutor(connections[alias])
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


def tables_to_empty(alias=DEFAULT_DB_ALIAS) -> list[str]:
    kept = {apps.get_model(label)._meta.db_table for label in KEPT_ON_RESTORE}
    tables = connections[alias].introspection.django_table_names(only_existing=True)
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
    """Empty the tables (TRUNCATE on PostgreSQL, DELETE on SQLite), load the dump, compare
    the counts: one transaction."""
    connection = connections[alias]
    with transaction.atomic(using=alias):
        statements = connection.ops.sql_flush(
            no_style(), tables_to_empty(alias), reset_sequences=False, allow_cascade=False
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
        if path.is_symlink() or not path.is_file():
            continue  # verify_unpacked has refused any link already
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
    manifest = read_manifest(archive_path)  # signed and checked; nothing touched yet
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    # Unpacked next to MEDIA_ROOT, on the same disk: the final moves are renames.
    staging = Path(tempfile.mkdtemp(prefix=".maillage-restauration-", dir=media_root.parent))
    try:
        _unpack(archive_path, staging)
        verify_unpacked(manifest, staging)
        warnings = check_database_ready(manifest, force=force, alias=alias)
        _load(staging / DUMP_NAME, manifest, alias)
        moved = _move_media(staging / MEDIA_DIR, media_root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    # Whoever was erased after this archive was made is erased again (hub/privacy).
    from hub.privacy.register import replay

    replayed = replay()
    if replayed:
        warnings.append(f"registre des effacements : {replayed} effacement(s) rejoué(s).")
    search_counts: dict[str, int] = {}
    if rebuild_index:
        # The apps' derived copies (the search documents), then Wagtail's admin index.
        from hub.privacy.derived import rebuild_all

        search_counts = rebuild_all()
        call_command("update_index", verbosity=0, stdout=io.StringIO())
    from hub.cache import clear_page_cache

    clear_page_cache()
    missing = missing_document_files(media_root)
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
