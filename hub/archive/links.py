"""Rich text inside a space archive: its links point to the archive, never to the live site."""

from __future__ import annotations

import re

from django.utils.html import format_html
from wagtail.rich_text import RichText
from wagtail.rich_text.rewriters import extract_attrs

FIND_LINK = re.compile(r"<a(\b[^>]*)>")
FIND_EMBED = re.compile(r"<embed\b[^>]*/?>")
EXTERNAL_PREFIXES = ("http:", "https:", "mailto:")


def rich_source(value):
    """The database HTML of a rich text block's value."""
    return value.source if isinstance(value, RichText) else str(value or "")


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
