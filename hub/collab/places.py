"""Where a contribution or a comment lives, and who may act there.

Every lookup answers 404 for what the reader may not see (`hub.access.can_view_page`,
`can_view_document`): a space, a meeting or a document of another family is not even
confirmed to exist. Who approves and moderates is `hub.access.manages_space`, and only
that.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.http import Http404
from wagtail.documents import get_document_model
from wagtail.models import Page

from hub.access import can_view_document, can_view_page, is_accredited, manages_space
from hub.models import spaces
from hub.models.spaces import (
    DocumentLibraryPage,
    MeetingPage,
    PartnerSpacePage,
    SpaceCollection,
)


def space_for(user, space_id) -> PartnerSpacePage:
    """The live space `space_id`, if `user` is an accredited reader of it; else 404."""
    space = (
        PartnerSpacePage.objects.live()
        .select_related("family", "instance")
        .filter(pk=space_id)
        .first()
    )
    if space is None or not is_accredited(user) or not can_view_page(user, space):
        raise Http404
    return space


def page_in(user, space, page_id, kinds=(PartnerSpacePage, DocumentLibraryPage, MeetingPage)):
    """A live page of `space` (the space itself included) of one of `kinds`, which `user`
    may see (a meeting inside a working group restricted to its members: only them)."""
    if page_id is None or int(page_id) == space.pk:
        return space
    page = Page.objects.live().descendant_of(space).filter(pk=page_id).first()
    page = page.specific if page is not None else None
    if page is None or not isinstance(page, kinds) or not can_view_page(user, page):
        raise Http404
    return page


def space_of(page) -> PartnerSpacePage | None:
    """The space a page is in (itself for a space)."""
    if isinstance(page, PartnerSpacePage):
        return page
    return PartnerSpacePage.objects.ancestor_of(page).live().first()


def collection_for(page):
    """The collection a document published on `page` goes to, so that it never reaches
    wider than the page it is published on: the hub's own answer when it has one
    (`hub.models.spaces.collection_for`: a reserved working group's collection, else the
    space's), otherwise that of the nearest page, from `page` up, that owns one."""
    shared = getattr(spaces, "collection_for", None)
    if shared is not None:
        collection = shared(page)
        if collection is not None:
            return collection
    for ancestor in reversed(list(page.get_ancestors(inclusive=True).specific())):
        ensure = getattr(ancestor, "ensure_collection", None)
        if callable(ensure):
            return ensure()
    raise ValueError("Une contribution se publie toujours dans un espace.")


def space_documents(space):
    """Every document of the space's collection and the collections under it (one
    correlated sub-query: the space's collection path is a prefix of the document's)."""
    in_space = SpaceCollection.objects.filter(
        space=space,
        collection__path=Substr(OuterRef("collection__path"), 1, Length("collection__path")),
    )
    return get_document_model().objects.filter(Exists(in_space))


def document_in(user, space, document_id):
    """A document discussed from `space` that `user` may open; else 404. Usually one of
    the space's collection, but a library may show another (a public one): its comments
    are then seen by who sees both the space and the document."""
    document = (
        get_document_model().objects.filter(pk=document_id).select_related("collection").first()
    )
    if document is None or not can_view_document(user, document):
        raise Http404
    return document


def may_manage(user, space, page=None) -> bool:
    """A manager of the space who also sees `page` (a meeting of a restricted working
    group is decided by who sees it)."""
    return manages_space(user, space) and (page is None or can_view_page(user, page))
