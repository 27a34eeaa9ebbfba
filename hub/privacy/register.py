"""The register of erasures: hashes of the erased addresses and numbers, and when.

Kept twice: in the database (`ErasureRecord`, so it travels in every later backup) and
in a file (`settings.MAILLAGE_ERASURE_REGISTER`, one JSON line per erasure), which a
restore does not replace. `restore_site` calls `replay()` once the archive is loaded:
whoever was erased after that archive was made is erased again.

A hash is SHA-256 of « maillage-effacement:<nature>:<normalised value> », without a
secret key, so that any copy of the site recognises the person whatever its settings.
It is a pseudonym, not anonymous data: whoever knows an address can check whether it was
erased. It says nothing else.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from hub.privacy.models import ErasureRecord
from hub.privacy.redaction import national_phone

logger = logging.getLogger("maillage.privacy")
Kind = ErasureRecord.Kind


def normalised(kind: str, value: str) -> str:
    if kind == Kind.PHONE:
        return national_phone(value)
    return (value or "").strip().lower()


def identifier_hash(kind: str, value: str) -> str:
    text = f"maillage-effacement:{kind}:{normalised(kind, value)}"
    return hashlib.sha256(text.encode()).hexdigest()


def pseudonym(digest: str) -> str:
    """What the journals say instead of the person: « personne effacée #1a2b3c4d »."""
    return f"personne effacée #{digest[:8]}"


def register_path() -> Path:
    configured = getattr(settings, "MAILLAGE_ERASURE_REGISTER", None)
    return Path(configured or Path(settings.VAR_DIR) / "registre-effacements.jsonl")


def record(identifiers, *, actor=None, when=None) -> list[str]:
    """Register (kind, value) pairs; returns their hashes. The file line is written last,
    once the rows are."""
    when = when or timezone.now()
    lines = []
    for kind, value in sorted(set(identifiers)):
        digest = identifier_hash(kind, value)
        ErasureRecord.objects.update_or_create(
            hashed_identifier=digest,
            defaults={
                "kind": kind,
                "erased_at": when,
                "erased_by": actor if getattr(actor, "pk", None) else None,
            },
        )
        lines.append({"empreinte": digest, "nature": kind, "efface_le": when.isoformat()})
    _append(lines)
    return [line["empreinte"] for line in lines]


def _append(lines) -> None:
    path = register_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            for line in lines:
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
    except OSError:
        # The database row is there; only the copy that survives a restore is missing.
        logger.exception("Registre des effacements : écriture impossible dans %s", path)


def entries() -> dict[str, tuple[str, datetime]]:
    """{hash: (kind, erased_at)}: the database's rows and the file's lines, the latest
    date winning."""
    found: dict[str, tuple[str, datetime]] = {}

    def keep(digest, kind, when):
        if digest not in found or found[digest][1] < when:
            found[digest] = (kind, when)

    for row in ErasureRecord.objects.all():
        keep(row.hashed_identifier, row.kind, row.erased_at)
    path = register_path()
    if path.is_file():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            try:
                item = json.loads(line)
                keep(item["empreinte"], item["nature"], datetime.fromisoformat(item["efface_le"]))
            except (ValueError, KeyError, TypeError):
                logger.warning("Registre des effacements : ligne %d illisible (%s)", number, path)
    return found


def _targets(found):
    """The addresses and contacts of the database that the register names, created before
    their erasure (a person who came back afterwards keeps their new account)."""
    from hub.accounts.models import AccreditationRequest
    from hub.privacy.holders import personal_data

    def erased_before(kind, value, created=None):
        item = found.get(identifier_hash(kind, value)) if value else None
        return item is not None and item[0] == kind and (created is None or created <= item[1])

    emails, contacts = set(), set()
    for user in get_user_model().objects.only("email", "username", "date_joined"):
        for value in (user.email, user.username):
            if erased_before(Kind.EMAIL, value, user.date_joined):
                emails.add(normalised(Kind.EMAIL, value))
    for request in AccreditationRequest.objects.only("email", "created_at"):
        if erased_before(Kind.EMAIL, request.email, request.created_at):
            emails.add(normalised(Kind.EMAIL, request.email))
    # The apps' rows: the error reports' addresses, the directory's contacts.
    for holder in personal_data():
        addresses, pks = holder.to_erase_again(erased_before)
        emails |= {normalised(Kind.EMAIL, address) for address in addresses}
        contacts |= set(pks)
    return emails, contacts


def replay() -> int:
    """Erase again everyone the register names (after a restore). Returns how many
    erasures were made; the register itself is completed from its file."""
    from hub.privacy.erasure import ErasureError, erase_person

    found = entries()
    if not found:
        return 0
    known = set(ErasureRecord.objects.values_list("hashed_identifier", flat=True))
    ErasureRecord.objects.bulk_create(
        [
            ErasureRecord(hashed_identifier=digest, kind=kind, erased_at=when)
            for digest, (kind, when) in found.items()
            if digest not in known
        ]
    )
    emails, contacts = _targets(found)
    done = 0
    for email in sorted(emails):
        try:
            report = erase_person(email=email, replay=True)
        except ErasureError:
            continue
        contacts -= report.contact_ids
        done += 1
    for pk in sorted(contacts):
        try:
            erase_person(contact_ids=[pk], replay=True)
        except ErasureError:
            continue
        done += 1
    return done
