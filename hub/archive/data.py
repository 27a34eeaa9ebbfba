"""`data.json`: the archive's content, machine-readable (format `FORMAT_VERSION`)."""

from __future__ import annotations

import json
import posixpath

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.rich_text import expand_db_html

from hub.archive.links import archive_rich_text
from hub.archive.plan import (
    FORMAT_VERSION,
    KIND_LIBRARY,
    KIND_MEETING,
    KIND_SPACE,
    KIND_WORKING_GROUP,
)
from hub.archive.readme import username
from hub.archive.render import body_view
from hub.models.spaces import visible_space_documents


def iso(value):
    return timezone.localtime(value).isoformat() if value else None


def data_json(plan, now):
    data = {
        "export": {
            "format": "maillage-archive-espace",
            "format_version": FORMAT_VERSION,
            "exported_at": iso(now),
            "exported_by": username(plan.user),
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


def _rich_json(html, plan):
    return expand_db_html(archive_rich_text(html, plan, ""))


def _body_json(plan, page):
    body = []
    for block in body_view(plan, page, ""):
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
                "date": iso(page.date),
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
        "first_published_at": iso(page.first_published_at),
        "last_published_at": iso(page.last_published_at),
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
        "created_at": iso(document.created_at),
        "missing": item.missing,
    }
