"""Render a chapter's body for one reader: blocks, then glossary marks and the outline.

`render_chapter_body(page, request, glossary=...)` is what the guide's pages render their
body with (`GuideChapterPage.render_body`, which the frozen editions and the PDF use too):
the blocks are rendered with the request in their context (the "who to contact" and
"model document" blocks filter what they show for `request.user`; without a request they
show the public view), then `guide.markup` marks the glossary terms it is given and
numbers the h2 headings for the table of contents, both on one parse, remembered per
process (`guide.markup.mark_and_outline`). It reads no model: the page hands it
the glossary (`GlossaryTerm.entries()`), so `guide.models` may import it.
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from guide.markup import mark_and_outline


def glossary_url_for(page):
    index = page.guide_index()
    return index.glossary_url if index is not None else "/guide/glossaire/"


def render_chapter_body(page, request=None, *, glossary=()):
    """(safe html, [(id, heading)]) of `page.body` for the reader of `request`, the terms
    of `glossary` (`guide.markup.GlossaryEntry`; none: no marks) marked on first use."""
    html = render_to_string(
        "guide/includes/body.html",
        # The request is passed in the context (the blocks read `request.user`), not as
        # `request=`: the site's context processors are not needed for a body.
        {"stream": page.body, "page": page, "request": request},
    )
    glossary_url = glossary_url_for(page) if glossary else ""
    html, outline = mark_and_outline(html, glossary, glossary_url)
    return mark_safe(html), outline
