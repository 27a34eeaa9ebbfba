"""Views the guide's index routes to: the glossary, the editions and their chapters.

Frozen chapters pass the same access check as live ones: the audience they had when the
edition was frozen AND the restrictions of the chapter today (if it still exists). An
anonymous reader is sent to the login page, anybody else gets the French 403, as
`hub.wagtail_hooks` does for pages.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render
from django.template.response import TemplateResponse

from guide.models import EditionChapter, GlossaryTerm, GuideChapterPage, GuideEdition
from guide.rendering import render_chapter_body
from hub.access import Tier, audience_for, can_view_page


def _refuse(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.WAGTAIL_FRONTEND_LOGIN_URL)
    return render(request, "403.html", status=403)


def glossary_view(request, index):
    terms = GlossaryTerm.alphabetical()
    letters = []
    for term in terms:
        if not letters or letters[-1][0] != term.initial:
            letters.append((term.initial, []))
        letters[-1][1].append(term)
    return TemplateResponse(
        request,
        "guide/glossary.html",
        {"page": index, "index": index, "letters": letters, "terms": terms},
    )


def editions_view(request, index):
    editions = GuideEdition.objects.filter(frozen=True)
    return TemplateResponse(
        request,
        "guide/editions.html",
        {"page": index, "index": index, "editions": editions, "current": GuideEdition.current()},
    )


def frozen_access(user, item, frozen):
    """(may read, is restricted) for a frozen chapter."""
    groups = [group.pk for group in frozen.access_groups()] if frozen.owner_family_id else []
    restricted = frozen.tier != Tier.PUBLIC
    allowed = audience_for(user).reaches(frozen.tier, groups)
    live = GuideChapterPage.objects.filter(pk=item.chapter_id).first() if item.chapter_id else None
    if live is not None:
        restricted = restricted or live.get_view_restrictions().exists()
        allowed = allowed and can_view_page(user, live)
    return allowed, restricted


def readable_items(user, edition):
    items = []
    for item in edition.chapters.select_related("chapter"):
        allowed, _restricted = frozen_access(user, item, item.as_page())
        if allowed:
            items.append(item)
    return items


def _edition(edition_id):
    edition = GuideEdition.objects.filter(pk=edition_id, frozen=True).first()
    if edition is None:
        raise Http404
    return edition


def edition_view(request, index, edition_id):
    edition = _edition(edition_id)
    items = readable_items(request.user, edition)
    parts = []
    for item in items:
        if not parts or parts[-1][0] != item.part_title:
            parts.append((item.part_title, []))
        parts[-1][1].append(item)
    return TemplateResponse(
        request,
        "guide/edition.html",
        {
            "page": index,
            "index": index,
            "edition": edition,
            "parts": parts,
            "current": GuideEdition.current(),
        },
    )


def _pager(edition, items, position):
    previous = items[position - 1] if position > 0 else None
    following = items[position + 1] if 0 <= position < len(items) - 1 else None
    return {
        "previous_url": f"{edition.url}{previous.slug}/" if previous else "",
        "previous_title": previous.title if previous else "",
        "next_url": f"{edition.url}{following.slug}/" if following else "",
        "next_title": following.title if following else "",
    }


def edition_chapter_view(request, index, edition_id, chapter_slug):
    edition = _edition(edition_id)
    item = EditionChapter.objects.filter(edition=edition, slug=chapter_slug).first()
    if item is None:
        raise Http404
    frozen = item.as_page()
    allowed, restricted = frozen_access(request.user, item, frozen)
    if restricted:
        request.maillage_restricted = True
    if not allowed:
        return _refuse(request)
    body_html, outline = render_chapter_body(frozen, request)
    items = readable_items(request.user, edition)
    slugs = [i.slug for i in items]
    position = slugs.index(item.slug) if item.slug in slugs else -1
    live = item.chapter if item.chapter_id and item.chapter.live else None
    return TemplateResponse(
        request,
        "guide/edition_chapter.html",
        {
            "page": index,
            "chapter": frozen,
            "index": index,
            "edition": edition,
            "item": item,
            "body_html": body_html,
            "outline": outline,
            "live_chapter": live,
            **_pager(edition, items, position),
        },
    )
