"""Pages as search documents: one generic spec for every Wagtail page, hub's and guide's.

Pages are one source ("wagtailcore.page"). A page class names the kind of its documents
with a class attribute, `search_kind` (`SearchDocument.Kind`: "chapitre", "projet",
"espace"; "page" when it says nothing), and a page under a page whose class sets
`search_territory = True` carries that territory's facet. The text is Wagtail's own
declaration of what is searchable (`search_fields`); the access is the page's, from
`hub.access.page_access`.

Pages have their own signals: publishing, unpublishing, moving, deleting a page, and
adding, changing or removing a view restriction (the whole branch is re-indexed).
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.html import strip_tags
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished, post_page_move

from hub.access import page_access
from search.indexing import schedule
from search.models import SearchDocument, SearchFacet
from search.registry import DocumentSpec, document
from search.text import normalize

Facet = SearchFacet.Name


def page_kind(page) -> str:
    """The kind its class declares (`search_kind`), "page" by default."""
    return getattr(page.specific_class, "search_kind", None) or SearchDocument.Kind.PAGE


def page_text(page) -> list[str]:
    """The text of a page's search fields (Wagtail's own declaration of what is
    searchable): `SearchField.get_value` already reduces StreamFields and rich text to
    their searchable content."""
    parts = []
    for search_field in page.search_fields:
        if not isinstance(search_field, index.SearchField):
            continue
        value = search_field.get_value(page)
        if value in (None, ""):
            continue
        values = value if isinstance(value, list | tuple) else [value]
        parts += [strip_tags(str(item)) for item in values]
    return parts


def live_page_access(page):
    """A live page's access (`hub.access.page_access`); None (no document) for a page
    that is not live, the tree's root, or restricted in a way the hub's tiers do not know
    (a shared password)."""
    if not page.live or page.depth < 2:
        return None
    return page_access(page)


def build_page(page, access):
    page = page.specific
    kind = page_kind(page)
    summary = getattr(page, "search_description", "") or getattr(page, "intro", "") or ""
    facets = {(Facet.TYPE, kind)}
    territory = next(
        (
            ancestor
            for ancestor in page.get_ancestors(inclusive=True).specific()
            if getattr(ancestor.specific_class, "search_territory", False)
        ),
        None,
    )
    if territory is not None:
        facets.add((Facet.TERRITORY, territory.slug))
    owner = getattr(page, "owner_family", None)
    if owner is not None:
        facets.add((Facet.FAMILY, owner.slug))
    return document(
        kind,
        page.specific_class._meta.model_name,
        str(page.specific_class._meta.verbose_name),
        page.title,
        page.get_url() or "",
        normalize(page.title, *page_text(page)),
        facets=facets,
        # The parent is an ancestor: its restrictions are already the page's.
        subtitle=page.get_parent().title if page.depth > 2 else "",
        summary=summary,
        verified_on=page.last_published_at.date() if page.last_published_at else None,
    )


# --- Signals -----------------------------------------------------------------------------------


def _page_and_descendants(page):
    return Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)


def _page_changed(sender=None, instance=None, **kwargs):
    schedule(Page, [instance.pk])


def _page_moved(sender=None, instance=None, **kwargs):
    # A move changes the URL, and maybe the inherited restrictions, of the whole branch.
    schedule(Page, _page_and_descendants(instance))


def _restriction_changed(sender=None, instance=None, **kwargs):
    if instance.page_id and Page.objects.filter(pk=instance.page_id).exists():
        schedule(Page, _page_and_descendants(instance.page))


def _restriction_groups_changed(sender, instance, action, reverse, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        _restriction_changed(instance=instance)


def connect_pages():
    page_published.connect(_page_changed, dispatch_uid="search-page-published")
    page_unpublished.connect(_page_changed, dispatch_uid="search-page-unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="search-page-moved")
    # Deleting a page deletes every subclass row: listen on the base class.
    post_delete.connect(_page_changed, sender=Page, dispatch_uid="search-page-deleted")
    post_save.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction"
    )
    post_delete.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-del"
    )
    m2m_changed.connect(
        _restriction_groups_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="search-restriction-groups",
    )


PAGES = DocumentSpec(
    model=Page,
    kind="",  # each page class says (`search_kind`)
    build=build_page,
    facets=frozenset({Facet.TYPE, Facet.TERRITORY, Facet.FAMILY}),
    access=live_page_access,
    connect=connect_pages,
)
