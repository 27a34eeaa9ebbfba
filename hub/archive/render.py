"""What the archive's HTML templates show: one page (templates/archive/page.html) and the
table of contents (templates/archive/index.html), as plain data already filtered by the
plan: links lead inside the archive or nowhere."""

from __future__ import annotations

import posixpath

from django.utils import timezone
from django.utils.translation import gettext as _

from hub.archive.links import archive_rich_text, rich_source
from hub.archive.plan import (
    FORMAT_VERSION,
    KIND_LIBRARY,
    KIND_MEETING,
    KIND_SPACE,
    KIND_WORKING_GROUP,
)
from hub.archive.readme import display_name
from hub.models.spaces import visible_space_documents


def kind_label(kind):
    return {
        KIND_SPACE: _("Espace partenaires"),
        KIND_WORKING_GROUP: _("Groupe de travail"),
        KIND_MEETING: _("Réunion"),
        KIND_LIBRARY: _("Bibliothèque de documents"),
    }.get(kind, _("Page"))


def document_view(plan, document, prefix, description=""):
    item = plan.document_item(document.pk)
    return {
        "title": document.title,
        "description": description,
        "href": prefix + item.path if item else "",
        "extension": (posixpath.splitext(document.file.name or "")[1].lstrip(".")).upper(),
        "size": item.size if item else None,
        "missing": item is None,
    }


def body_view(plan, page, prefix):
    """The shared body stream as plain data for the archive template."""
    blocks = []
    for block in getattr(page, "body", None) or []:
        value = block.value
        if block.block_type == "paragraph":
            blocks.append(
                {"type": "paragraph", "html": archive_rich_text(rich_source(value), plan, prefix)}
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


def page_view(plan, item):
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
        "kind_label": kind_label(item.kind),
        "prefix": prefix,
        "space": plan.space,
        "parent": {"title": parent.page.title, "href": prefix + parent.path} if parent else None,
        "children": [
            {"title": child.page.title, "href": prefix + child.path, "kind": child.kind}
            for child in children
        ],
        "body": body_view(plan, page, prefix),
        "documents": [],
    }
    if item.kind == KIND_MEETING:
        view["agenda"] = archive_rich_text(page.agenda, plan, prefix)
        view["minutes"] = archive_rich_text(page.minutes, plan, prefix)
    if item.kind == KIND_WORKING_GROUP:
        view["mandate"] = archive_rich_text(page.mandate, plan, prefix)
    if item.kind in (KIND_MEETING, KIND_LIBRARY):
        view["documents"] = [
            document_view(plan, value["document"], prefix, value.get("description", ""))
            for value in visible_space_documents(plan.user, page.documents)
        ]
    return view


def index_view(plan, now):
    """The table of contents: every page of the plan, then every document copied."""
    user = plan.user
    return {
        "space": plan.space,
        "pages": [
            {
                "title": item.page.title,
                "href": item.path,
                "depth": item.depth,
                "indent": item.depth * 1.5,
                "kind_label": kind_label(item.kind),
                "date": item.page.date if item.kind == KIND_MEETING else None,
            }
            for item in plan.pages
        ],
        "documents": [
            document_view(plan, item.document, "") for item in plan.documents if not item.missing
        ],
        "exported_at": timezone.localtime(now),
        "exported_by": display_name(user),
        "format_version": FORMAT_VERSION,
    }
