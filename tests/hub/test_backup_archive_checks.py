"""A restore refuses a hostile archive before touching anything: links and devices, names
that leave MEDIA_ROOT or that the manifest does not announce, an unsigned manifest, one
signed with another key, and one altered after the backup (its checksums recomputed).

The archives are built by hand, as an attacker would, signed with the test key when the
point is to show that a check holds even for a correctly signed manifest."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from hub.backup import BackupError, read_manifest, restore_site
from hub.backup.signing import key_fingerprint

KEY = "cle-de-test-pour-signer-les-sauvegardes-0123456789"
DUMP = b"[]"
pytestmark = pytest.mark.no_django_db


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file(name: str, data: bytes) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


def _signature(payload: bytes, key: str = KEY) -> bytes:
    return json.dumps(
        {
            "algorithme": "HMAC-SHA256",
            "cle": key_fingerprint(key.encode()),
            "signature": hmac.new(key.encode(), payload, hashlib.sha256).hexdigest(),
        }
    ).encode()


def manifest_for(media: dict[str, bytes]) -> dict:
    return {
        "format": 2,
        "cree_le": "2026-04-12T03:15:00+02:00",
        "base_de_donnees": {"fichier": "database.json", "taille": 2, "sha256": _sha(DUMP)},
        "migrations": {},
        "comptes": {},
        "fichiers_manquants": [],
        "medias": [
            {"chemin": name, "taille": len(data), "sha256": _sha(data)}
            for name, data in media.items()
        ],
    }


def build(path, *, manifest=None, members=None, signature="sign", key=KEY):
    """An archive: the dump, `members` ((TarInfo, bytes) pairs, media included), the
    manifest as given (or for the regular members), and its signature."""
    media = {"documents/charte.pdf": b"%PDF-1.4 charte"}
    if members is None:
        members = [_file(f"media/{name}", data) for name, data in media.items()]
    manifest = manifest if manifest is not None else manifest_for(media)
    payload = json.dumps(manifest).encode()
    with tarfile.open(path, "w:gz") as archive:
        for info, data in [_file("database.json", DUMP), *members, _file("manifest.json", payload)]:
            archive.addfile(info, io.BytesIO(data) if data is not None else None)
        if signature == "sign":
            signature = _signature(payload, key)
        if signature is not None:
            info, data = _file("signature.json", signature)
            archive.addfile(info, io.BytesIO(data))
    return path


@pytest.fixture
def media_root(tmp_path, settings):
    settings.BACKUP_SIGNING_KEY = KEY
    settings.MEDIA_ROOT = tmp_path / "site" / "media"
    return settings.MEDIA_ROOT


def refused(archive, media_root) -> str:
    """The refusal's message, after checking that nothing was written next to MEDIA_ROOT
    (restore_site creates MEDIA_ROOT and its staging folder only once the archive passed)."""
    with pytest.raises(BackupError) as caught:
        restore_site(archive, rebuild_index=False)
    assert not media_root.parent.exists(), list(media_root.parent.rglob("*"))
    return str(caught.value)


def test_a_well_formed_signed_archive_passes_the_checks(tmp_path, media_root):
    manifest = read_manifest(build(tmp_path / "bonne.tar.gz"))
    assert manifest["medias"][0]["chemin"] == "documents/charte.pdf"


def test_a_symlink_is_refused_even_in_a_signed_archive(tmp_path, media_root):
    # The attack of issue 12: a "document" that is a link to the database beside it.
    link = tarfile.TarInfo("media/documents/charte.pdf")
    link.type, link.linkname = tarfile.SYMTYPE, "../../database.json"
    manifest = manifest_for({"documents/charte.pdf": DUMP})
    message = refused(
        build(tmp_path / "a.tar.gz", manifest=manifest, members=[(link, None)]), media_root
    )
    assert message == (
        "Archive refusée : lien symbolique « media/documents/charte.pdf » (seuls des "
        "fichiers sont admis) ; rien n'a été modifié."
    )


@pytest.mark.parametrize(
    ("kind", "expected"),
    [(tarfile.LNKTYPE, "lien physique"), (tarfile.CHRTYPE, "périphérique"),
     (tarfile.BLKTYPE, "périphérique"), (tarfile.FIFOTYPE, "tube nommé")],
)  # fmt: skip
def test_hard_links_and_devices_are_refused(tmp_path, media_root, kind, expected):
    member = tarfile.TarInfo("media/documents/charte.pdf")
    member.type, member.linkname = kind, "database.json"
    manifest = manifest_for({"documents/charte.pdf": DUMP})
    archive = build(tmp_path / "a.tar.gz", manifest=manifest, members=[(member, None)])
    assert f"Archive refusée : {expected} « media/documents/charte.pdf »" in refused(
        archive, media_root
    )


@pytest.mark.parametrize(
    "name",
    ["../../maillage.sqlite3", "/etc/cron.d/maillage", "documents/../../x", "documents/.htaccess",
     "images/rendu.png", "charte.pdf", "documents//x.pdf", "documents\\..\\x", ""],
)  # fmt: skip
def test_every_media_name_of_the_manifest_is_checked(tmp_path, media_root, name):
    manifest = manifest_for({name: b"x"})
    archive = build(tmp_path / "a.tar.gz", manifest=manifest, members=[])
    message = refused(archive, media_root)
    assert message.startswith("Archive refusée : nom de fichier refusé dans le manifeste (")
    assert message.endswith(f" : {name!r} ; rien n'a été modifié.")


def test_the_dump_name_of_the_manifest_is_checked(tmp_path, media_root):
    manifest = manifest_for({})
    manifest["base_de_donnees"]["fichier"] = "../../../var/maillage.sqlite3"
    message = refused(build(tmp_path / "a.tar.gz", manifest=manifest, members=[]), media_root)
    assert "le manifeste doit nommer la base « database.json »" in message


def test_a_member_the_manifest_does_not_announce_is_refused(tmp_path, media_root):
    members = [
        _file("media/documents/charte.pdf", b"%PDF-1.4 charte"),
        _file("media/documents/en-plus.html", b"<script>"),
    ]
    message = refused(build(tmp_path / "a.tar.gz", members=members), media_root)
    assert "fichier absent du manifeste : media/documents/en-plus.html" in message


def test_an_unsigned_archive_is_refused(tmp_path, media_root):
    message = refused(build(tmp_path / "a.tar.gz", signature=None), media_root)
    assert message.startswith("Archive refusée : elle n'est pas signée")


def test_an_archive_signed_with_another_key_is_refused(tmp_path, media_root):
    archive = build(tmp_path / "a.tar.gz", key="une-autre-cle-tout-aussi-longue-0123456789")
    message = refused(archive, media_root)
    assert "elle a été signée avec une autre clé (empreinte " in message


def test_an_altered_manifest_with_recomputed_checksums_is_refused(tmp_path, media_root):
    # What the old restore accepted: the attacker changes a file and its checksum.
    original = build(tmp_path / "originale.tar.gz")
    with tarfile.open(original) as archive:
        signature = archive.extractfile("signature.json").read()
    planted = b"%PDF-1.4 piegee"
    manifest = manifest_for({"documents/charte.pdf": planted})
    archive = build(
        tmp_path / "alteree.tar.gz",
        manifest=manifest,
        members=[_file("media/documents/charte.pdf", planted)],
        signature=signature,
    )
    message = refused(archive, media_root)
    assert message == (
        "Archive refusée : son manifeste a été modifié après la sauvegarde (signature "
        "invalide) ; rien n'a été modifié."
    )


def test_without_a_key_nothing_is_backed_up_or_restored(tmp_path, media_root, settings):
    archive = build(tmp_path / "a.tar.gz")
    settings.BACKUP_SIGNING_KEY = None
    message = refused(archive, media_root)
    assert message.startswith("BACKUP_SIGNING_KEY manque")
    with pytest.raises(CommandError, match="BACKUP_SIGNING_KEY manque"):
        call_command("backup_site", "--output", str(tmp_path / "sauvegardes"))
    assert not (tmp_path / "sauvegardes").exists()


@override_settings(BACKUP_SIGNING_KEY=KEY)
def test_the_command_says_it_in_one_french_line(tmp_path, media_root):
    archive = build(tmp_path / "a.tar.gz", signature=None)
    with pytest.raises(CommandError) as caught:
        call_command("restore_site", str(archive), stdout=io.StringIO())
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith("Archive refusée : elle n'est pas signée")
