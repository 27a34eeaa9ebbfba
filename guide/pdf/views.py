"""The PDF responses: the charter, the whole guide, one chapter.

Each is called by a `RoutablePageMixin` route of its page, so Wagtail's `serve` and the
`before_serve_page` hooks have already checked the page itself; these views check again
with `hub.access` (one policy, every channel) and choose what goes into the PDF for
this reader.

They import no model of the guide: the page they are given is their way in (its outline,
editions, glossary, and each chapter's `render_body`), so that `guide.models` may call
them without a cycle. The cache's signals are connected by `GuideConfig.ready()`.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import slugify

from guide.pdf import cache, service
from guide.pdf.charter import charter_context
from guide.pdf.html import namespace_chapter
from hub import access
from hub.absolute_urls import page_url

GUIDE_FILENAME = "guide-sante-psychique-logement"


def pdf_response(request, pdf, filename, *, restricted=False):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Content-Length"] = str(len(pdf))
    response["X-Content-Type-Options"] = "nosniff"
    if request.user.is_authenticated or restricted:
        # What a logged-in reader gets depends on their tier: never in a shared cache.
        patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, ["Cookie"])
    return response


def _page_parts(page):
    """What a page contributes to a PDF's fingerprint."""
    return (page.pk, page.path, page.live_revision_id, page.last_published_at, page.title)


def _generated_on():
    return timezone.localdate()


def _reader_parts(request):
    """What every PDF depends on besides its content: the day (printed on the cover) and
    the host the reader used (the links it prints, `hub.absolute_urls`)."""
    return [_generated_on(), service.base_url_for(request)]


# --- Charter ---------------------------------------------------------------------------------


def charter_pdf(request, page):
    if not page.live or not access.can_view_page(request.user, page):
        raise Http404
    parts = [_page_parts(page), *_reader_parts(request)]

    def render():
        context = charter_context(page)
        context["generated_on"] = _generated_on()
        context["source_url"] = page_url(page, request)
        return service.render_template_pdf("pdf/charter.html", context, request)

    pdf = cache.get_or_render(f"charter-{page.pk}", "live", request.user, parts, render)
    filename = "charte-du-partenariat.pdf"
    return pdf_response(request, pdf, filename, restricted=page.get_view_restrictions().exists())


# --- Guide -----------------------------------------------------------------------------------


def _visible_chapter(user, chapter):
    """Every chapter of a PDF passes `hub.access.can_view_page` (live chapters, and the
    live page of a frozen chapter)."""
    return chapter.live and access.can_view_page(user, chapter)


def _edition_or_404(request, index):
    """The frozen edition asked for with `?edition=<id>`, or None for the live guide."""
    value = request.GET.get("edition", "").strip()
    if not value or value in ("live", "en-ligne"):
        return None
    if not value.isdigit():
        raise Http404
    edition = index.frozen_edition(int(value))
    if edition is None:
        raise Http404
    return edition


def _live_outline(index, user):
    """[(part, [chapters])] of the live guide as `user` may read it."""
    outline = []
    for part, chapters in index.outline(user):
        visible = [chapter for chapter in chapters if _visible_chapter(user, chapter)]
        if visible:
            outline.append((part, visible))
    return outline


def _edition_outline(edition, user):
    """[(part title, [frozen chapters])] of a frozen edition as `user` may read it: the
    guide's own rule for frozen chapters (`GuideEdition.readable_chapters`: the audience
    they had when frozen AND, if the chapter still exists, its restrictions today)."""
    outline, by_part = [], {}
    items = sorted(edition.readable_chapters(user), key=lambda item: (item.sort_order, item.pk))
    for frozen in items:
        if frozen.part_title not in by_part:
            by_part[frozen.part_title] = []
            outline.append((frozen.part_title, by_part[frozen.part_title]))
        by_part[frozen.part_title].append(frozen)
    return outline


def _chapter_entry(request, chapter, anchor):
    body, headings = chapter.render_body(request)
    html, used_terms = namespace_chapter(body, anchor)
    return {
        "anchor": anchor,
        "title": chapter.title,
        "intro": chapter.intro,
        "html": html,
        "headings": [(f"{anchor}-{hid}", text) for hid, text in headings],
        "terms": used_terms,
        "references": _references(chapter),
        "url": page_url(chapter, request) if getattr(chapter, "pk", None) else "",
    }


def _references(chapter):
    """The chapter's legal references: the guide's sources annex."""
    found = []
    for block in chapter.body:
        if block.block_type == "legal_reference":
            article = block.value.get("article") or ""
            link = block.value.get("link") or ""
            if article or link:
                found.append({"article": article or link, "link": link})
    return found


def _glossary(page, slugs=None):
    terms = page.glossary_terms()
    if slugs is not None:
        wanted = set(slugs)
        terms = [term for term in terms if term.slug in wanted]
    return terms


def _sources(chapters):
    sources, seen = [], set()
    for chapter in chapters:
        for reference in chapter["references"]:
            key = (reference["article"], reference["link"])
            if key not in seen:
                seen.add(key)
                sources.append({**reference, "chapter": chapter["title"]})
    return sources


def _guide_filename(edition):
    label = slugify(edition.name) if edition else "en-ligne"
    return f"{GUIDE_FILENAME}-{label or 'edition'}.pdf"


def guide_pdf(request, page):
    """`/guide/guide.pdf` (`?edition=<id>` for a frozen edition): the whole guide as
    `request.user` may read it."""
    index = page
    edition = _edition_or_404(request, index)
    user = request.user
    if edition is None:
        outline = _live_outline(index, user)
        parts = [_page_parts(index)] + [
            (_page_parts(part), [_page_parts(chapter) for chapter in chapters])
            for part, chapters in outline
        ]
    else:
        outline = _edition_outline(edition, user)
        parts = [_page_parts(index), edition.pk, edition.frozen_at] + [
            (title, [(frozen.pk, frozen.revision_id) for frozen in chapters])
            for title, chapters in outline
        ]
    parts += [index.glossary_fingerprint(), *_reader_parts(request)]

    def render():
        sections, chapters = [], []
        for number, (part, items) in enumerate(outline, start=1):
            entries = []
            for item in items:
                chapter = item if edition is None else item.as_page()
                entry = _chapter_entry(request, chapter, f"chapitre-{len(chapters) + 1}")
                if edition is not None:
                    entry["url"] = ""
                entries.append(entry)
                chapters.append(entry)
            sections.append(
                {
                    "anchor": f"partie-{number}",
                    "title": part if isinstance(part, str) else part.title,
                    "intro": "" if isinstance(part, str) else part.intro,
                    "chapters": entries,
                }
            )
        current = index.current_edition()
        context = {
            "page": index,
            "document_title": index.title,
            "edition": edition,
            "cover_facts": _guide_cover_facts(edition, current),
            "sections": sections,
            "glossary": _glossary(index),
            "sources": _sources(chapters),
            "source_url": page_url(index, request),
            "generated_on": _generated_on(),
            "whole_guide": True,
        }
        return service.render_template_pdf("pdf/guide.html", context, request)

    edition_key = str(edition.pk) if edition else "live"
    pdf = cache.get_or_render(f"guide-{index.pk}", edition_key, user, parts, render)
    return pdf_response(request, pdf, _guide_filename(edition), restricted=False)


def _guide_cover_facts(edition, current):
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    if edition is not None:
        return [
            (_("Édition"), edition.name),
            (_("Date"), date_format(edition.date, "j F Y")),
        ]
    facts = [
        (_("Édition"), _("Version en ligne")),
        (_("Date"), date_format(_generated_on(), "j F Y")),
    ]
    if current is not None:
        facts.append((_("Dernière édition figée"), f"{current.name} ({current.date:%d/%m/%Y})"))
    return facts


def chapter_pdf(request, page):
    """`/guide/<chapitre>/chapitre.pdf`: one live chapter, 404 for a reader who may not
    see it (Wagtail's serving has refused them already; this is the second lock)."""
    from django.utils.translation import gettext as _

    chapter = page.specific
    user = request.user
    if not _visible_chapter(user, chapter):
        raise Http404
    index = chapter.guide_index()
    part = chapter.get_parent().specific
    parts = [
        _page_parts(chapter),
        _page_parts(part),
        chapter.glossary_fingerprint(),
        *_reader_parts(request),
    ]

    def render():
        entry = _chapter_entry(request, chapter, "chapitre-1")
        context = {
            "page": chapter,
            "document_title": chapter.title,
            "kicker": index.title if index else _("Guide santé psychique et logement"),
            "subtitle": part.title,
            "cover_facts": [
                (_("Partie"), part.title),
                (_("Date"), _generated_on().strftime("%d/%m/%Y")),
            ],
            "sections": [
                {"anchor": "partie-1", "title": part.title, "intro": "", "chapters": [entry]}
            ],
            "single_chapter": entry,
            "glossary": _glossary(chapter, entry["terms"]),
            "sources": _sources([entry]),
            "source_url": page_url(chapter, request),
            "generated_on": _generated_on(),
            "whole_guide": False,
        }
        return service.render_template_pdf("pdf/guide.html", context, request)

    pdf = cache.get_or_render(f"chapter-{chapter.pk}", "live", user, parts, render)
    filename = f"{GUIDE_FILENAME}-{slugify(chapter.slug) or 'chapitre'}.pdf"
    return pdf_response(request, pdf, filename, restricted=chapter.get_view_restrictions().exists())
