"""The ZIP of a space archive: `export_space` plans it, writes its members in a fixed order,
and records the export in the accreditation journal."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hub.archive.data import data_json
from hub.archive.plan import checked_path, plan_export
from hub.archive.readme import readme
from hub.archive.render import index_view, page_view
from hub.models.spaces import PartnerSpacePage

COPY_CHUNK = 1024 * 1024


@dataclass
class ExportSummary:
    pages: int
    documents: int
    bytes: int
    missing_files: int = 0

    def __str__(self):
        text = ngettext("%(count)d page", "%(count)d pages", self.pages) % {"count": self.pages}
        text += ", " + ngettext("%(count)d document", "%(count)d documents", self.documents) % {
            "count": self.documents
        }
        text += ", " + ngettext("%(count)d octet", "%(count)d octets", self.bytes) % {
            "count": self.bytes
        }
        if self.missing_files:
            text += ", " + ngettext(
                "%(count)d fichier manquant", "%(count)d fichiers manquants", self.missing_files
            ) % {"count": self.missing_files}
        return text


def export_space(space, user, stream, *, now=None, record=True):
    """Write the archive of `space` as `user` sees it to `stream`; return an `ExportSummary`.

    Raises `SpaceNotVisible` (and writes nothing) when `user` may not see the space."""
    now = now or timezone.now()
    plan = plan_export(space, user)
    with translation.override("fr"):
        size, missing = _write_zip(plan, stream, now)
    summary = ExportSummary(
        pages=len(plan.pages),
        documents=len(plan.documents) - missing,
        bytes=size,
        missing_files=missing,
    )
    if record:
        _record_export(plan, summary)
    return summary


class _CountingWriter:
    """A write-only wrapper that counts bytes, for streams that cannot tell()."""

    def __init__(self, raw):
        self.raw = raw
        self.count = 0

    def write(self, data):
        self.raw.write(data)
        self.count += len(data)
        return len(data)

    def flush(self):
        if hasattr(self.raw, "flush"):
            self.raw.flush()


def _write_zip(plan, stream, now):
    """Write the members in a fixed order; return (bytes written, missing files)."""
    try:
        start = stream.tell()
        target = stream
    except (AttributeError, OSError):
        start, target = 0, _CountingWriter(stream)
    stamp = timezone.localtime(now).timetuple()[:6]
    stamp = max(stamp, (1980, 1, 1, 0, 0, 0))
    missing = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def member(name):
            info = zipfile.ZipInfo(checked_path(name), date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            return info

        def write_text(name, text):
            archive.writestr(member(name), text.encode("utf-8"))

        for item in plan.documents:
            missing += not _copy_document(archive, member(item.path), item)
        for item in plan.pages:
            write_text(
                item.path,
                render_to_string("archive/page.html", page_view(plan, item)),
            )
        write_text("index.html", render_to_string("archive/index.html", index_view(plan, now)))
        write_text("data.json", data_json(plan, now))
        included = len(plan.documents) - missing
        write_text("LISEZMOI.txt", readme(plan, now, len(plan.pages), included, missing))
    if isinstance(target, _CountingWriter):
        return target.count, missing
    return stream.tell() - start, missing


def _copy_document(archive, info, item):
    """Copy one document's file into the archive; False if the file cannot be read."""
    digest = hashlib.sha1()
    size = 0
    try:
        source = item.document.file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        item.missing = True
        return False
    try:
        big = (item.document.file_size or 0) > 1 << 30
        with archive.open(info, "w", force_zip64=big) as target:
            while chunk := source.read(COPY_CHUNK):
                target.write(chunk)
                digest.update(chunk)
                size += len(chunk)
    finally:
        source.close()
    item.size, item.sha1 = size, digest.hexdigest()
    return True


def _record_export(plan, summary):
    from hub.accounts.models import AccreditationEvent

    user, space = plan.user, plan.space
    with translation.override("fr"):
        detail = _("Export de l'espace « %(title)s » (page n° %(id)d) : %(summary)s.") % {
            "title": space.title,
            "id": space.pk,
            "summary": summary,
        }
    AccreditationEvent.objects.create(
        action=AccreditationEvent.Action.EXPORTED,
        actor=user if getattr(user, "is_authenticated", False) else None,
        family=space.family if space.audience == PartnerSpacePage.Audience.FAMILY else None,
        detail=detail,
    )
