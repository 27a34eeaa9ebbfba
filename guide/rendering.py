"""Render a chapter's body for one reader: blocks, then glossary marks and the outline.

`render_chapter_body(page, request)` is what the chapter page, the frozen editions and the
PDF use: the blocks are rendered with the request in their context (the "who to contact"
and "model document" blocks filter what they show for `request.user`; without a request
they show the public view), then `guide.markup` marks the glossary terms and numbers
the h2 headings for the table of contents.
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from guide.markup import heading_outline, mark_glossary


def glossary_entries():
    from guide.models import GlossaryTerm

    return [term.as_entry() for term in GlossaryTerm.objects.all()]


def glossary_url_for(page):
    index = page.guide_index()
    return index.glossary_url if index is not None else "/guide/glossaire/"


def render_chapter_body(page, request=None, *, glossary=True):
    """(safe html, [(id, heading)]) of `page.body` for the reader of `request`."""
    html = render_to_string(
        "guide/includes/body.html",
        # The request is passed in the context (the blocks read `request.user`), not as
        # `request=`: the site's context processors are not needed for a body.
        {"stream": page.body, "page": page, "request": request},
    )
    if glossary:
        html = mark_glossary(html, glossary_entries(), glossary_url_for(page))
    html, outline = heading_outline(html)
    return mark_safe(html), outline
