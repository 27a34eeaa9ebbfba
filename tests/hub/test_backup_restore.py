"""The backup and restore drill, as an operator runs it: the demo in one SQLite database,
`backup_site`, then `restore_site` into a second, freshly migrated database; the two sites
must have the same pages, the same documents byte for byte, and answer searches alike."""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SIGNING_KEY = "cle-de-la-repetition-de-sauvegarde-0123456789abcdef"
pytestmark = pytest.mark.slow

SNAPSHOT = """
import json
from wagtail.documents import get_document_model
from wagtail.models import Page
pages = [
    [p.pk, p.url_path, p.title, p.live, p.content_type.model]
    for p in Page.objects.order_by("pk").select_related("content_type")
]
documents = {d.title: d.file.name for d in get_document_model().objects.all()}
print("SNAPSHOT " + json.dumps({"pages": pages, "documents": documents}))
"""

SEARCH = """
import json
from django.contrib.auth.models import AnonymousUser
from search.engines import get_engine
from search.engines.base import SearchQuery
answers = {}
for text in ["logement", "CMP", "Metz", "psychiatrie", "bailleur"]:
    result = get_engine().search(AnonymousUser(), SearchQuery(text=text, per_page=50))
    answers[text] = [[hit.source, hit.object_id, hit.title] for hit in result.hits]
print("SEARCH " + json.dumps(answers))
"""


def manage(var_dir, *args):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "MEDIA_ROOT",
            "REDIS_URL",
            "SEARCH_ENGINE",
            "SECRET_KEY",
            "BACKUP_SIGNING_KEY",
        }
    }
    env.update(
        MAILLAGE_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="hub.settings.dev",
        BACKUP_SIGNING_KEY=SIGNING_KEY,
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def ok(result):
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def shell_json(var_dir, script, marker):
    output = ok(manage(var_dir, "shell", "--no-imports", "-c", script)).stdout
    line = next(line for line in output.splitlines() if line.startswith(marker + " "))
    return json.loads(line[len(marker) + 1 :])


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def drill(tmp_path_factory):
    base = tmp_path_factory.mktemp("drill")
    source, target, archives = base / "source", base / "cible", base / "sauvegardes"
    ok(manage(source, "migrate", "--noinput", "-v", "0"))
    # A copy of the freshly migrated database: the empty site to restore into.
    fresh = base / "neuve.sqlite3"
    shutil.copy(source / "maillage.sqlite3", fresh)
    target.mkdir()
    shutil.copy(fresh, target / "maillage.sqlite3")
    ok(manage(source, "load_communes"))
    ok(manage(source, "load_demo"))
    backup = ok(manage(source, "backup_site", "--output", str(archives)))
    (archive,) = archives.glob("maillage-sauvegarde-*.tar.gz")
    restore = ok(manage(target, "restore_site", str(archive)))
    return {
        "base": base,
        "source": source,
        "target": target,
        "fresh": fresh,
        "archive": archive,
        "backup_output": backup.stdout,
        "restore_output": restore.stdout,
    }


def test_backup_writes_a_private_dated_archive_with_a_manifest_of_every_media_file(drill):
    archive = drill["archive"]
    assert archive.stat().st_mode & 0o077 == 0, "l'archive contient des secrets : 0600"
    assert "Sauvegarde écrite" in drill["backup_output"]
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert manifest["comptes"]["pages"] > 50
    assert manifest["comptes"]["documents"] > 5
    assert "database.json" in names
    assert "signature.json" in names
    media_root = drill["source"] / "media"
    on_disk = {
        path.relative_to(media_root).as_posix()
        for path in media_root.rglob("*")
        if path.is_file() and not path.relative_to(media_root).as_posix().startswith("images/")
    }
    assert {entry["chemin"] for entry in manifest["medias"]} == on_disk
    for entry in manifest["medias"]:
        assert f"media/{entry['chemin']}" in names
        assert entry["sha256"] == sha256(media_root / entry["chemin"])
    # Derived and transient data stay out of the dump.
    dumped = manifest["base_de_donnees"]["objets_par_modele"]
    for label in ("sessions.session", "maillage_search.searchdocument", "contenttypes.contenttype"):
        assert label not in dumped


def test_restored_site_has_the_same_pages_and_documents_byte_for_byte(drill):
    before = shell_json(drill["source"], SNAPSHOT, "SNAPSHOT")
    after = shell_json(drill["target"], SNAPSHOT, "SNAPSHOT")
    assert after["pages"] == before["pages"]
    assert after["documents"] == before["documents"]
    assert before["documents"]
    for name in before["documents"].values():
        restored = drill["target"] / "media" / name
        assert restored.is_file(), name
        assert sha256(restored) == sha256(drill["source"] / "media" / name)
    output = drill["restore_output"]
    assert "DIFFÉRENT" not in output
    assert "sommes de contrôle vérifiées" in output


def test_search_finds_the_same_things_after_the_restore(drill):
    ok(manage(drill["source"], "rebuild_search"))  # both sides from the same contents
    before = shell_json(drill["source"], SEARCH, "SEARCH")
    after = shell_json(drill["target"], SEARCH, "SEARCH")
    assert any(before.values())
    assert after == before


def test_restore_refuses_a_database_that_is_not_empty(drill):
    result = manage(drill["target"], "restore_site", str(drill["archive"]))
    assert result.returncode != 0
    assert "La base de données n'est pas vide" in result.stderr
    assert "--force" in result.stderr
    assert "Traceback" not in result.stderr


def test_restore_refuses_a_tampered_archive_and_touches_nothing(drill):
    tampered = drill["base"] / "alteree.tar.gz"
    with tarfile.open(drill["archive"]) as source, tarfile.open(tampered, "w:gz") as copy:
        changed = False
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if not changed and member.name.startswith("media/"):
                data += b"\nligne ajoutee"
                member.size = len(data)
                changed = True
            copy.addfile(member, io.BytesIO(data))
    var = drill["base"] / "victime"
    var.mkdir()
    shutil.copy(drill["fresh"], var / "maillage.sqlite3")
    result = manage(var, "restore_site", str(tampered))
    assert result.returncode != 0
    assert "ne correspond pas à son manifeste" in result.stderr
    assert "média altéré" in result.stderr
    snapshot = shell_json(var, SNAPSHOT, "SNAPSHOT")
    assert len(snapshot["pages"]) == 2  # Wagtail's root and welcome pages, untouched
    assert not any(path.is_file() for path in (var / "media").rglob("*"))


def test_restore_refuses_an_unsigned_archive_in_one_line_and_touches_nothing(drill):
    unsigned = drill["base"] / "non-signee.tar.gz"
    with tarfile.open(drill["archive"]) as source, tarfile.open(unsigned, "w:gz") as copy:
        for member in source.getmembers():
            if member.name != "signature.json":
                copy.addfile(member, source.extractfile(member))
    var = drill["base"] / "victime-non-signee"
    var.mkdir()
    shutil.copy(drill["fresh"], var / "maillage.sqlite3")
    result = manage(var, "restore_site", str(unsigned))
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "CommandError: Archive refusée : elle n'est pas signée (sauvegarde d'une version "
        "antérieure ou fabriquée à la main) ; rien n'a été modifié."
    ]
    assert len(shell_json(var, SNAPSHOT, "SNAPSHOT")["pages"]) == 2
    assert not (var / "media").exists() or not any((var / "media").rglob("*"))
