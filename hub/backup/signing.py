"""The manifest's signature: an HMAC-SHA256 of its exact bytes, with a key the operator
keeps outside the archive (`BACKUP_SIGNING_KEY`).

The manifest holds the SHA-256 of the dump and of every media file, so signing it signs
the whole archive. Without a key, whoever alters an archive recomputes the checksums; with
it, they cannot. The signature file also names the key by a short fingerprint (itself an
HMAC, so it reveals nothing of the key), to tell the operator which key an old archive
needs after a rotation.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from django.conf import settings

from hub.backup.common import BackupError

ALGORITHM = "HMAC-SHA256"
MINIMUM_KEY_LENGTH = 32


def signing_key() -> bytes:
    key = getattr(settings, "BACKUP_SIGNING_KEY", None) or ""
    if not key:
        raise BackupError(
            "BACKUP_SIGNING_KEY manque : la clé qui signe et vérifie les sauvegardes est "
            "obligatoire (voir docs/operations.md, « Sauvegardes et restauration »)."
        )
    if len(key) < MINIMUM_KEY_LENGTH:
        raise BackupError(
            f"BACKUP_SIGNING_KEY est trop courte ({MINIMUM_KEY_LENGTH} caractères au moins)."
        )
    return key.encode()


def key_fingerprint(key: bytes) -> str:
    return hmac.new(key, b"maillage-cle-de-sauvegarde", hashlib.sha256).hexdigest()[:16]


def sign(manifest_bytes: bytes) -> bytes:
    """The content of the signature file for these manifest bytes."""
    key = signing_key()
    signature = {
        "algorithme": ALGORITHM,
        "cle": key_fingerprint(key),
        "signature": hmac.new(key, manifest_bytes, hashlib.sha256).hexdigest(),
    }
    return json.dumps(signature, indent=2).encode()


def verify(manifest_bytes: bytes, signature_bytes: bytes | None) -> None:
    """Raise BackupError unless the signature is ours and matches the manifest's bytes."""
    key = signing_key()
    if signature_bytes is None:
        raise BackupError(
            "Archive refusée : elle n'est pas signée (sauvegarde d'une version antérieure "
            "ou fabriquée à la main) ; rien n'a été modifié."
        )
    try:
        signature = json.loads(signature_bytes)
        algorithm, fingerprint = signature["algorithme"], signature["cle"]
        expected = str(signature["signature"])
    except (ValueError, KeyError, TypeError):
        raise BackupError(
            "Archive refusée : sa signature est illisible ; rien n'a été modifié."
        ) from None
    if algorithm != ALGORITHM:
        raise BackupError(
            f"Archive refusée : algorithme de signature {algorithm!r} inconnu ; rien n'a été "
            "modifié."
        )
    if not hmac.compare_digest(str(fingerprint), key_fingerprint(key)):
        raise BackupError(
            f"Archive refusée : elle a été signée avec une autre clé (empreinte {fingerprint}, "
            f"celle de BACKUP_SIGNING_KEY est {key_fingerprint(key)}) ; rien n'a été modifié."
        )
    computed = hmac.new(key, manifest_bytes, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, computed):
        raise BackupError(
            "Archive refusée : son manifeste a été modifié après la sauvegarde (signature "
            "invalide) ; rien n'a été modifié."
        )
