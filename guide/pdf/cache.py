"""Rendered PDFs, kept on disk per document, edition and reader's tier.

Why on disk (under `MAILLAGE_VAR_DIR/pdf-cache/`, or `settings.MAILLAGE_PDF_CACHE_DIR`)
rather than in Django's cache:

- a PDF weighs hundreds of kilobytes to a few megabytes: in Redis it would push out the
  sessions, rate-limit counters and small cached fragments that the cache is sized for,
  and the local-memory cache (the embedded default) is per process, so each gunicorn
  worker would render the same guide again;
- on disk, every worker of the host shares one copy, it survives a restart (a cold
  guide costs seconds), and invalidation is removing a directory.

Layout: `<root>/<document>/<edition>/<tier>--<fingerprint>.pdf`, with

- `document`: `guide-<index id>`, `chapter-<page id>`, `charter-<page id>` or
  `commune-<code INSEE>` (the printable sheet of a commune, `guide.pdf.commune_sheet`,
  whose fingerprint is the hash of its own HTML: no signal needs to drop it);
- `edition`: an edition id, or `live`;
- `tier`: `tier_key(user)`, from `hub.access.audience_for`: `public`, `partners`,
  `partners-g<id>-g<id>...` (the sorted groups the reader has) or `admin`;
- `fingerprint`: a hash of what the PDF is made of for this reader (the ids, revisions
  and publication times of the pages it includes, the glossary, and the day). Two
  readers share a file only when they would get the same document; and a file whose
  content changed is never served, even if a signal was missed (a restriction edited in
  the shell, a data migration). The day is in it because the cover prints the date and
  the "who to contact" blocks read the directory live: a cached PDF is at most a day
  behind the directory, never behind the guide. The host the reader used is in it too:
  the links a PDF prints are absolute (`hub.absolute_urls`).

The signals (`guide.pdf.signals`) remove the guide's or the charter's directories when
a page is published, unpublished or moved, or a view restriction changes, so that stale
files do not pile up.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings

from hub.access import audience_for

logger = logging.getLogger("maillage.pdf")

GUIDE_PREFIXES = ("guide-", "chapter-")
CHARTER_PREFIXES = ("charter-",)


def cache_root() -> Path:
    configured = getattr(settings, "MAILLAGE_PDF_CACHE_DIR", None)
    if configured:
        return Path(configured)
    var_dir = getattr(settings, "MAILLAGE_VAR_DIR", None) or settings.VAR_DIR
    return Path(var_dir) / "pdf-cache"


def tier_key(user) -> str:
    """The reader's tier as a cache key: what the access policy says they reach."""
    audience = audience_for(user)
    if audience.is_admin:
        # Administrators see every chapter, whatever their groups.
        return "admin"
    if not audience.accredited:
        # Anonymous, expired or deactivated: the public's PDF.
        return "public"
    if not audience.group_ids:
        return "partners"
    return "partners-" + "-".join(f"g{pk}" for pk in sorted(audience.group_ids))


def fingerprint(parts) -> str:
    """A short stable hash of an iterable of values (what the PDF is made of)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode())
        digest.update(b"\x1f")
    return digest.hexdigest()[:20]


def _safe_name(value) -> str:
    text = str(value)
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)[:120] or "_"


def _path(document, edition, tier, print_) -> Path:
    return (
        cache_root()
        / _safe_name(document)
        / _safe_name(edition)
        / f"{_safe_name(tier)}--{_safe_name(print_)}.pdf"
    )


def get(document, edition, tier, print_) -> bytes | None:
    path = _path(document, edition, tier, print_)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        logger.exception("PDF : lecture du cache impossible : %s", path)
        return None


def put(document, edition, tier, print_, pdf: bytes) -> None:
    """Store atomically (write then rename), and drop this tier's older prints."""
    path = _path(document, edition, tier, print_)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"{_safe_name(tier)}--*.pdf"):
            if old != path:
                old.unlink(missing_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(pdf)
        os.replace(temporary, path)
    except OSError:
        # A full or read-only disk must not stop the reader getting the PDF.
        logger.exception("PDF : écriture du cache impossible : %s", path)


def get_or_render(document, edition, user, parts, render):
    """The cached PDF for this reader, or `render()` stored then returned.

    `parts` lists what the PDF is made of for this reader (see `fingerprint`)."""
    tier = tier_key(user)
    print_ = fingerprint(parts)
    cached = get(document, edition, tier, print_)
    if cached is not None:
        return cached
    pdf = render()
    put(document, edition, tier, print_, pdf)
    return pdf


def invalidate(prefixes=GUIDE_PREFIXES + CHARTER_PREFIXES) -> int:
    """Remove the cached PDFs whose document starts with one of `prefixes`."""
    root = cache_root()
    if not root.is_dir():
        return 0
    removed = 0
    for directory in root.iterdir():
        if directory.is_dir() and directory.name.startswith(tuple(prefixes)):
            shutil.rmtree(directory, ignore_errors=True)
            removed += 1
    if removed:
        logger.info("PDF : %d document(s) retiré(s) du cache (%s)", removed, ", ".join(prefixes))
    return removed


def invalidate_guide() -> int:
    return invalidate(GUIDE_PREFIXES)


def invalidate_charter() -> int:
    return invalidate(CHARTER_PREFIXES)
