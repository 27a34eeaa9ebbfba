"""What a space archive holds for one person: its pages and documents, and their names.

`plan_export` asks `hub.access` only; the names it gives are relative, slugified and
checked (`checked_path`), so that no member can land outside the archive.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.rich_text.rewriters import extract_attrs

from hub.access import can_view_page, visible_documents, visible_pages
from hub.archive.links import FIND_LINK, rich_source
from hub.models.spaces import (
    DocumentLibraryPage,
    MeetingPage,
    PartnerSpacePage,
    WorkingGroupPage,
)

FORMAT_VERSION = 1

# A page's kind, as the archive template and data.json name it.
KIND_SPACE = "space"
KIND_WORKING_GROUP = "working_group"
KIND_MEETING = "meeting"
KIND_LIBRARY = "library"
KIND_OTHER = "page"

SAFE_EXTENSION = re.compile(r"^\.[a-z0-9]{1,10}$")


class SpaceNotVisible(PermissionDenied):
    """The person may not see the space (or it is not published): nothing is exported."""


@dataclass
class ArchivedDocument:
    document: object
    path: str  # relative to the root of the archive
    size: int | None = None
    sha1: str = ""
    missing: bool = False


@dataclass
class ArchivedPage:
    page: object
    kind: str
    path: str  # relative to the root of the archive
    depth: int  # 0 for the space itself

    @property
    def prefix(self):
        """From this page's file back to the root of the archive."""
        return "../" * (self.path.count("/"))


@dataclass
class ExportPlan:
    space: PartnerSpacePage
    user: object
    pages: list[ArchivedPage] = field(default_factory=list)
    documents: list[ArchivedDocument] = field(default_factory=list)

    def __post_init__(self):
        self._pages_by_id = {}
        self._documents_by_id = {}

    def index(self):
        self._pages_by_id = {item.page.pk: item for item in self.pages}
        self._documents_by_id = {item.document.pk: item for item in self.documents}

    def page_item(self, page_id):
        return self._pages_by_id.get(_as_int(page_id))

    def document_item(self, document_id):
        item = self._documents_by_id.get(_as_int(document_id))
        return None if item is None or item.missing else item


def plan_export(space, user):
    """What the archive of `space` will hold for `user` (pages and documents, in order)."""
    space = _specific_space(space)
    if not space.live or not can_view_page(user, space):
        raise SpaceNotVisible(_("Cet espace n'existe pas ou vous n'y avez pas accès."))
    plan = ExportPlan(space=space, user=user)
    pages = visible_pages(user, space.get_descendants(inclusive=True).live()).order_by("path")
    used_paths = set()
    base_depth = space.depth
    for page in pages.specific():
        path = _page_path(space, page, used_paths)
        plan.pages.append(ArchivedPage(page, _kind(page), path, page.depth - base_depth))
    if not plan.pages or plan.pages[0].page.pk != space.pk:
        # The policy saw the space but not its own live row: refuse rather than guess.
        raise SpaceNotVisible(_("Cet espace n'existe pas ou vous n'y avez pas accès."))

    document_ids = set()
    for item in plan.pages:
        document_ids |= _referenced_document_ids(item.page)
    condition = Q(pk__in=document_ids)
    collection = space.collection
    if collection is not None:
        condition |= Q(collection__in=collection.get_descendants(inclusive=True).values("pk"))
    documents = visible_documents(user, get_document_model().objects.filter(condition))
    for document in documents.select_related("collection").order_by("pk"):
        plan.documents.append(ArchivedDocument(document, _document_path(document)))
    plan.index()
    return plan


def archive_filename(space, day=None):
    day = day or timezone.localdate()
    return f"espace-{_slug(space.slug, f'page-{space.pk}')}-{day.isoformat()}.zip"


def checked_path(path):
    """A member name must stay inside the archive: relative, no `..`, no backslash."""
    pure = PurePosixPath(path)
    if (
        not path
        or pure.is_absolute()
        or "\\" in path
        or ":" in path
        or any(part in ("", ".", "..") for part in path.split("/"))
    ):
        raise ValueError(f"Nom de fichier refusé dans l'archive : {path!r}")
    return path


def _specific_space(space):
    specific = getattr(space, "specific", space)
    if not isinstance(specific, PartnerSpacePage):
        raise TypeError("export_space() attend un espace partenaires (PartnerSpacePage).")
    return specific


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _kind(page):
    if isinstance(page, PartnerSpacePage):
        return KIND_SPACE
    if isinstance(page, WorkingGroupPage):
        return KIND_WORKING_GROUP
    if isinstance(page, MeetingPage):
        return KIND_MEETING
    if isinstance(page, DocumentLibraryPage):
        return KIND_LIBRARY
    return KIND_OTHER


def _slug(text, fallback):
    slug = slugify(text or "")[:80].strip("-_")
    return slug or fallback


def _page_path(space, page, used):
    """pages/<space>/<child>/<grandchild>.html, built from slugified slugs only."""
    segments = [_slug(space.slug, f"page-{space.pk}")]
    relative = page.url_path[len(space.url_path) :] if page.pk != space.pk else ""
    if page.pk != space.pk and not page.url_path.startswith(space.url_path):
        relative = page.slug  # a stale url_path: fall back on the page's own slug
    parts = [part for part in relative.split("/") if part]
    for index, part in enumerate(parts):
        fallback = f"page-{page.pk}" if index == len(parts) - 1 else "page"
        segments.append(_slug(part, fallback))
    path = "pages/" + "/".join(segments) + ".html"
    if path in used:
        path = "pages/" + "/".join(segments) + f"-{page.pk}.html"
    used.add(path)
    return checked_path(path)


def _document_path(document):
    name = posixpath.basename((document.file.name or "").replace("\\", "/"))
    stem, extension = posixpath.splitext(name)
    extension = extension.lower()
    if not SAFE_EXTENSION.match(extension):
        extension = ""
    return checked_path(f"documents/{document.pk}-{_slug(stem, 'document')}{extension}")


def _rich_text_document_ids(html):
    ids = set()
    for match in FIND_LINK.finditer(html or ""):
        attrs = extract_attrs(match.group(1))
        if attrs.get("linktype") == "document" and _as_int(attrs.get("id")) is not None:
            ids.add(_as_int(attrs["id"]))
    return ids


def _referenced_document_ids(page):
    """Documents a page refers to: its document stream, resource blocks, rich text links."""
    ids = set()
    for value in _stream_document_values(page):
        if value.get("document") is not None:
            ids.add(value["document"].pk)
    for block in getattr(page, "body", None) or []:
        if block.block_type == "resource" and block.value.get("document") is not None:
            ids.add(block.value["document"].pk)
        elif block.block_type == "paragraph":
            ids |= _rich_text_document_ids(rich_source(block.value))
    for name in _rich_fields(page):
        ids |= _rich_text_document_ids(getattr(page, name))
    return ids


def _stream_document_values(page):
    if isinstance(page, MeetingPage | DocumentLibraryPage):
        return [block.value for block in page.documents if block.block_type == "document"]
    return []


def _rich_fields(page):
    if isinstance(page, MeetingPage):
        return ["agenda", "minutes"]
    if isinstance(page, WorkingGroupPage):
        return ["mandate"]
    return []
