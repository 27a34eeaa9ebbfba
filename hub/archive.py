"""The "project memory" of a partner space: one ZIP with what one person may see of it.

`export_space(space, user, stream)` writes to `stream` (a binary file-like object):

- `documents/<id>-<nom>`: the files of the documents `user` may open among those the
  visible pages of the space refer to (document streams, resource blocks, links in rich
  text) and those of the space's collection and its child collections;
- `pages/<chemin>.html`: the space page and each of its live descendants that `user` may
  see, as static, self-contained HTML (templates/archive/page.html);
- `index.html`: the table of contents, with relative links;
- `data.json`: the same content, machine-readable (format `FORMAT_VERSION`);
- `LISEZMOI.txt`: what the archive is, when and by whom it was made.

What is visible is decided by `hub.access` only (`visible_pages`, `visible_documents`,
`can_view_page`): the archive of one person never holds more than what that person sees
on the site. A link to a page or a document that is not in the archive is kept as plain
text, never as a link to the live site. Members are written in a fixed order (documents
by id, pages in tree order), under safe relative names.

Each export is recorded in the accreditation journal (`AccreditationEvent.EXPORTED`).
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.documents import get_document_model
from wagtail.rich_text import RichText, expand_db_html
from wagtail.rich_text.rewriters import extract_attrs

from hub.access import audience_for, can_view_page, visible_documents, visible_pages
from hub.models.spaces import (
    DocumentLibraryPage,
    MeetingPage,
    PartnerSpacePage,
    WorkingGroupPage,
    visible_space_documents,
)

FORMAT_VERSION = 1
COPY_CHUNK = 1024 * 1024

# A page's kind, as the archive template and data.json name it.
KIND_SPACE = "space"
KIND_WORKING_GROUP = "working_group"
KIND_MEETING = "meeting"
KIND_LIBRARY = "library"
KIND_OTHER = "page"

FIND_LINK = re.compile(r"<a(\b[^>]*)>")
FIND_EMBED = re.compile(r"<embed\b[^>]*/?>")
SAFE_EXTENSION = re.compile(r"^\.[a-z0-9]{1,10}$")
EXTERNAL_PREFIXES = ("http:", "https:", "mailto:")


class SpaceNotVisible(PermissionDenied):
    """The person may not see the space (or it is not published): nothing is exported."""


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


# --- Public entry points ----------------------------------------------------------------------


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


def can_export_space(user, space):
    """The referent rule of the export action (the command, run by an operator, does not
    need it): an accredited superuser exports any space; the referent of a family exports
    their family's space; any referent exports the shared and instance spaces they can see.
    The space must be published and visible to the person in every case."""
    from hub.accounts.services import families_referred_by

    audience = audience_for(user)
    if not audience.accredited or not space.live or not can_view_page(user, space):
        return False
    if audience.is_admin:
        return True
    families = families_referred_by(user)
    if space.audience == PartnerSpacePage.Audience.FAMILY:
        return space.family_id is not None and families.filter(pk=space.family_id).exists()
    return families.exists()


def may_export_any_space(user):
    """Whether the export action is open to `user` at all (superuser or referent)."""
    from hub.accounts.services import is_referent

    audience = audience_for(user)
    return audience.accredited and (audience.is_admin or is_referent(user))


def exportable_spaces(user):
    """The live spaces `user` may export through the referent action (for a dashboard)."""
    if not may_export_any_space(user):
        return []
    spaces = visible_pages(user, PartnerSpacePage.objects.live()).order_by("path")
    return [space for space in spaces.select_related("family") if can_export_space(user, space)]


def archive_filename(space, day=None):
    day = day or timezone.localdate()
    return f"espace-{_slug(space.slug, f'page-{space.pk}')}-{day.isoformat()}.zip"


# --- Planning ---------------------------------------------------------------------------------


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
    return _checked(path)


def _document_path(document):
    name = posixpath.basename((document.file.name or "").replace("\\", "/"))
    stem, extension = posixpath.splitext(name)
    extension = extension.lower()
    if not SAFE_EXTENSION.match(extension):
        extension = ""
    return _checked(f"documents/{document.pk}-{_slug(stem, 'document')}{extension}")


def _checked(path):
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
            ids |= _rich_text_document_ids(_rich_source(block.value))
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


def _rich_source(value):
    return value.source if isinstance(value, RichText) else str(value or "")


# --- Rich text and streams --------------------------------------------------------------------


def archive_rich_text(html, plan, prefix):
    """Database rich text with its links pointing inside the archive.

    A link to a page or a document of the archive becomes a relative link (`prefix` leads
    back to the root); a link to anything else loses its target and keeps its text; web
    and e-mail addresses stay; embeds (images, videos) are dropped. The result is then
    expanded by Wagtail (the `richtext` filter does the same in the template)."""

    def link(match):
        attrs = extract_attrs(match.group(1))
        linktype = attrs.get("linktype")
        if linktype == "document":
            item = plan.document_item(attrs.get("id"))
            return format_html('<a href="{}">', prefix + item.path) if item else "<a>"
        if linktype == "page":
            item = plan.page_item(attrs.get("id"))
            return format_html('<a href="{}">', prefix + item.path) if item else "<a>"
        href = attrs.get("href", "")
        if linktype is None and href.startswith(EXTERNAL_PREFIXES):
            return format_html('<a href="{}">', href)
        if linktype is None and re.fullmatch(r"#[\w-]*", href):
            return format_html('<a href="{}">', href)
        return "<a>"

    html = FIND_EMBED.sub("", html or "")
    return FIND_LINK.sub(link, html)


def _document_view(plan, document, prefix, description=""):
    item = plan.document_item(document.pk)
    return {
        "title": document.title,
        "description": description,
        "href": prefix + item.path if item else "",
        "extension": (posixpath.splitext(document.file.name or "")[1].lstrip(".")).upper(),
        "size": item.size if item else None,
        "missing": item is None,
    }


def _body_view(plan, page, prefix):
    """The shared body stream as plain data for the archive template."""
    blocks = []
    for block in getattr(page, "body", None) or []:
        value = block.value
        if block.block_type == "paragraph":
            blocks.append(
                {"type": "paragraph", "html": archive_rich_text(_rich_source(value), plan, prefix)}
            )
        elif block.block_type == "key_figure":
            blocks.append(
                {
                    "type": "key_figure",
                    "value": value.get("value", ""),
                    "label": value.get("label", ""),
                    "source": value.get("source", ""),
                }
            )
        elif block.block_type == "resource":
            href = ""
            document, linked_page = value.get("document"), value.get("page")
            if document is not None and plan.document_item(document.pk):
                href = prefix + plan.document_item(document.pk).path
            elif linked_page is not None and plan.page_item(linked_page.pk):
                href = prefix + plan.page_item(linked_page.pk).path
            blocks.append(
                {
                    "type": "resource",
                    "title": value.get("title", ""),
                    "description": value.get("description", ""),
                    "href": href,
                }
            )
    return blocks


def _page_view(plan, item):
    """Everything templates/archive/page.html shows of one page, already filtered."""
    page, prefix = item.page, item.prefix
    parent = plan.page_item(page.get_parent().pk) if item.depth else None
    children = [
        other
        for other in plan.pages
        if other.depth == item.depth + 1 and other.page.path.startswith(page.path)
    ]
    view = {
        "item": item,
        "page": page,
        "kind": item.kind,
        "kind_label": _kind_label(item.kind),
        "prefix": prefix,
        "space": plan.space,
        "parent": {"title": parent.page.title, "href": prefix + parent.path} if parent else None,
        "children": [
            {"title": child.page.title, "href": prefix + child.path, "kind": child.kind}
            for child in children
        ],
        "body": _body_view(plan, page, prefix),
        "documents": [],
    }
    if item.kind == KIND_MEETING:
        view["agenda"] = archive_rich_text(page.agenda, plan, prefix)
        view["minutes"] = archive_rich_text(page.minutes, plan, prefix)
    if item.kind == KIND_WORKING_GROUP:
        view["mandate"] = archive_rich_text(page.mandate, plan, prefix)
    if item.kind in (KIND_MEETING, KIND_LIBRARY):
        view["documents"] = [
            _document_view(plan, value["document"], prefix, value.get("description", ""))
            for value in visible_space_documents(plan.user, page.documents)
        ]
    return view


def _kind_label(kind):
    return {
        KIND_SPACE: _("Espace partenaires"),
        KIND_WORKING_GROUP: _("Groupe de travail"),
        KIND_MEETING: _("Réunion"),
        KIND_LIBRARY: _("Bibliothèque de documents"),
    }.get(kind, _("Page"))


# --- data.json --------------------------------------------------------------------------------


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def _rich_json(html, plan):
    return expand_db_html(archive_rich_text(html, plan, ""))


def _body_json(plan, page):
    body = []
    for block in _body_view(plan, page, ""):
        if block["type"] == "paragraph":
            block = {"type": "paragraph", "html": expand_db_html(block["html"])}
        elif block["type"] == "resource":
            block = {
                "type": "resource",
                "title": block["title"],
                "description": block["description"],
                "archive_path": block["href"] or None,
            }
        body.append(block)
    return body


def _page_json(plan, item):
    page = item.page
    parent = plan.page_item(page.get_parent().pk) if item.depth else None
    fields = {"intro": page.intro, "body": _body_json(plan, page)}
    if item.kind == KIND_SPACE:
        fields.update(
            {
                "audience": page.audience,
                "audience_label": str(page.get_audience_display()),
                "family": page.family.name if page.family_id else None,
                "instance": page.instance.name if page.instance_id else None,
            }
        )
    elif item.kind == KIND_WORKING_GROUP:
        fields.update({"mandate": _rich_json(page.mandate, plan), "members": page.member_list})
    elif item.kind == KIND_MEETING:
        fields.update(
            {
                "date": _iso(page.date),
                "place": page.place,
                "agenda": _rich_json(page.agenda, plan),
                "minutes": _rich_json(page.minutes, plan),
                "minutes_status": page.minutes_status,
                "minutes_status_label": str(page.get_minutes_status_display()),
            }
        )
    if item.kind in (KIND_MEETING, KIND_LIBRARY):
        fields["documents"] = [
            {"document_id": value["document"].pk, "description": value.get("description", "")}
            for value in visible_space_documents(plan.user, page.documents)
        ]
    return {
        "id": page.pk,
        "type": page._meta.label_lower,
        "kind": item.kind,
        "title": page.title,
        "slug": page.slug,
        "url_path": page.url_path,
        "parent_id": parent.page.pk if parent else None,
        "archive_path": item.path,
        "first_published_at": _iso(page.first_published_at),
        "last_published_at": _iso(page.last_published_at),
        "fields": fields,
    }


def _document_json(item):
    document = item.document
    return {
        "id": document.pk,
        "title": document.title,
        "filename": posixpath.basename(document.file.name or ""),
        "archive_path": None if item.missing else item.path,
        "size": item.size,
        "sha1": item.sha1,
        "collection": {"id": document.collection_id, "name": document.collection.name},
        "created_at": _iso(document.created_at),
        "missing": item.missing,
    }


def _data_json(plan, now):
    username = _username(plan.user)
    data = {
        "export": {
            "format": "maillage-archive-espace",
            "format_version": FORMAT_VERSION,
            "exported_at": _iso(now),
            "exported_by": username,
            "space": {
                "id": plan.space.pk,
                "title": plan.space.title,
                "url_path": plan.space.url_path,
                "audience": plan.space.audience,
            },
            "note": _(
                "Cette archive ne contient que ce que la personne qui l'a exportée pouvait "
                "voir au moment de l'export."
            ),
        },
        "pages": [_page_json(plan, item) for item in plan.pages],
        "documents": [_document_json(item) for item in plan.documents],
    }
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2) + "\n"


# --- LISEZMOI.txt -----------------------------------------------------------------------------


def _username(user):
    return user.get_username() if getattr(user, "is_authenticated", False) else ""


def _display_name(user):
    """« Prénom Nom (identifiant) », or the login alone."""
    username = _username(user)
    full_name = user.get_full_name().strip() if username else ""
    return f"{full_name} ({username})" if full_name else username


def _readme(plan, now, summary_pages, summary_documents, missing):
    who = _display_name(plan.user)
    lines = [
        _("Mémoire de projet : espace « %(title)s »") % {"title": plan.space.title},
        "",
        _(
            "Cette archive est une copie, figée à la date de l'export, de l'espace "
            "partenaires « %(title)s » du hub Maillage : ses pages (réunions, ordres du jour "
            "et comptes rendus, groupes de travail, bibliothèques) et ses documents."
        )
        % {"title": plan.space.title},
        "",
        _("Exportée le : %(date)s") % {"date": date_format(timezone.localtime(now), "j F Y à H:i")},
        _("Exportée par : %(who)s") % {"who": who},
        "",
        _(
            "Elle ne contient QUE ce que cette personne pouvait voir sur le hub au moment de "
            "l'export. D'autres pages ou documents de l'espace peuvent exister, réservés à "
            "d'autres familles de partenaires ou instances : ils n'y figurent pas, même sous "
            "forme de titre."
        ),
        "",
        _("Contenu :"),
        _("- index.html : la table des matières ; ouvrez-la dans un navigateur ;"),
        _("- pages/ : une page HTML par page de l'espace (%(count)d) ;") % {"count": summary_pages},
        _("- documents/ : les fichiers déposés (%(count)d) ;") % {"count": summary_documents},
        _("- data.json : les mêmes contenus, lisibles par un programme (format %(version)d).")
        % {"version": FORMAT_VERSION},
    ]
    if missing:
        lines += [
            "",
            ngettext(
                "Attention : %(count)d fichier était introuvable sur le serveur ; il est "
                "signalé dans data.json (« missing »).",
                "Attention : %(count)d fichiers étaient introuvables sur le serveur ; ils sont "
                "signalés dans data.json (« missing »).",
                missing,
            )
            % {"count": missing},
        ]
    lines += [
        "",
        _(
            "Ces contenus restent soumis aux règles du hub : ne les diffusez pas au-delà des "
            "personnes qui y ont accès. Ils ne contiennent aucune donnée de santé nominative."
        ),
        "",
    ]
    return "\r\n".join(lines)


# --- Writing ----------------------------------------------------------------------------------


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
            info = zipfile.ZipInfo(_checked(name), date_time=stamp)
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
                render_to_string("archive/page.html", _page_view(plan, item)),
            )
        write_text("index.html", render_to_string("archive/index.html", _index_view(plan, now)))
        write_text("data.json", _data_json(plan, now))
        included = len(plan.documents) - missing
        write_text("LISEZMOI.txt", _readme(plan, now, len(plan.pages), included, missing))
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


def _index_view(plan, now):
    user = plan.user
    return {
        "space": plan.space,
        "pages": [
            {
                "title": item.page.title,
                "href": item.path,
                "depth": item.depth,
                "indent": item.depth * 1.5,
                "kind_label": _kind_label(item.kind),
                "date": item.page.date if item.kind == KIND_MEETING else None,
            }
            for item in plan.pages
        ],
        "documents": [
            _document_view(plan, item.document, "") for item in plan.documents if not item.missing
        ],
        "exported_at": timezone.localtime(now),
        "exported_by": _display_name(user),
        "format_version": FORMAT_VERSION,
    }


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
