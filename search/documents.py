"""Wagtail documents (the files of a collection) as search documents, with their text.

One spec for the document model (`get_document_model()`), kind « document »: its title,
its description if the model has one, its tags, and the text inside its file (PDF, DOCX,
ODT, plain text: `search.extract`, bounded per file). The text is read when the document
is indexed, never per query; it is kept readable in `body` (the result's snippet) and
normalised in `search_text` (what is matched).

Its access is its collection's: `hub.access.document_access`, one clause per view
restriction on the collection and its ancestors, as `can_view_document` decides when the
file is served. A space's collection is restricted from the space's audience
(`hub.restrictions`), a working group's collection below it likewise: the document
composes both.

What re-indexes a document: its own save (a new file, a new title) and deletion; a view
restriction of its collection or of an ancestor collection saved, deleted or given other
groups (what a space's audience change writes); a collection saved (moved). Re-indexing an
unchanged file reuses the text already extracted (`SearchDocument.content_key`), so that a
restriction change on a collection of many files reads none of them again.
"""

from __future__ import annotations

import logging

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from hub.access import document_access, page_access
from search.extract import Limits, extract_text, file_format
from search.indexing import schedule
from search.models import SearchDocument, SearchFacet
from search.registry import DocumentSpec, document, source_of
from search.text import normalize

logger = logging.getLogger("maillage.search")

Facet = SearchFacet.Name
Document = get_document_model()

FORMAT_LABELS = {
    "pdf": "Document PDF",
    "docx": "Document Word (DOCX)",
    "odt": "Document OpenDocument (ODT)",
    "txt": "Document texte",
}


def extension_of(name: str) -> str:
    base = (name or "").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def format_label(name: str) -> str:
    extension = extension_of(name)
    return FORMAT_LABELS.get(extension) or (f"Document {extension.upper()}" if extension else "")


def content_key(doc, limits: Limits) -> str:
    """What the text of `doc` depends on: its file, and the bounds it was read with."""
    return (
        f"{doc.file.name}|{doc.file_size or ''}|{doc.file_hash or ''}"
        f"|{limits.max_pages}|{limits.max_chars}"
    )[:200]


def read_file_text(doc, limits: Limits) -> str:
    """The text inside the document's file ("" when it has none or cannot be read)."""
    if not file_format(doc.file.name):
        return ""
    try:
        size = doc.file_size if doc.file_size is not None else doc.file.size
        with doc.file.open("rb") as handle:
            return extract_text(handle, doc.file.name, size=size, limits=limits)
    except OSError as error:
        logger.warning("Texte du document %s non indexé : fichier introuvable (%s)", doc.pk, error)
        return ""


def prepare_documents(documents) -> None:
    """Give each document its file's text (`_search_body`, `_content_key`): the indexed
    text when the file has not changed since, else the file's, read now."""
    limits = Limits.from_settings()
    keys = {doc.pk: content_key(doc, limits) for doc in documents}
    indexed = SearchDocument.objects.filter(source=source_of(Document), object_id__in=keys)
    known = dict(indexed.values_list("object_id", "content_key"))
    same_file = [pk for pk, key in keys.items() if key and known.get(pk) == key]
    bodies = dict(indexed.filter(object_id__in=same_file).values_list("object_id", "body"))
    for doc in documents:
        doc._content_key = keys[doc.pk]
        if doc.pk in bodies:
            doc._search_body = bodies[doc.pk]
        else:
            doc._search_body = read_file_text(doc, limits)


def space_title(doc, access) -> str:
    """The title of the partner space whose collection holds the document, when every
    reader of the document may see that space (its access is at least as narrow)."""
    from hub.models.spaces import SpaceCollection

    link = (
        SpaceCollection.objects.filter(collection__in=doc.collection.get_ancestors(inclusive=True))
        .select_related("space")
        .order_by("-collection__depth")
        .first()
    )
    if link is None or not link.space.live:
        return ""
    space_access = page_access(link.space)
    if space_access is None or not access.implies(space_access):
        return ""
    return link.space.title


def build_document(doc, access):
    if not hasattr(doc, "_search_body"):
        prepare_documents([doc])
    body = doc._search_body
    description = getattr(doc, "description", "") or ""
    tags = [tag.name for tag in doc.tags.all()]
    extension = extension_of(doc.file.name)
    return document(
        SearchDocument.Kind.DOCUMENT,
        extension[:40],
        format_label(doc.file.name),
        doc.title,
        doc.url,
        normalize(doc.title, description, *tags, body),
        facets={(Facet.TYPE, SearchDocument.Kind.DOCUMENT)},
        subtitle=space_title(doc, access),
        summary=description,
        body=body,
        content_key=doc._content_key,
        verified_on=doc.created_at.date() if doc.created_at else None,
    )


# --- Signals -----------------------------------------------------------------------------------


def documents_under(collection_id):
    """The documents of a collection and of every collection below it."""
    collection = Collection.objects.filter(pk=collection_id).first()
    if collection is None:
        return []
    return Document.objects.filter(collection__path__startswith=collection.path).values_list(
        "pk", flat=True
    )


def _document_changed(sender=None, instance=None, **kwargs):
    if kwargs.get("raw"):
        return
    schedule(Document, [instance.pk])


def _restriction_changed(sender=None, instance=None, **kwargs):
    if kwargs.get("raw"):
        return
    schedule(Document, documents_under(instance.collection_id))


def _restriction_groups_changed(sender, instance, action, reverse, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        _restriction_changed(instance=instance)


def _collection_saved(sender=None, instance=None, **kwargs):
    if kwargs.get("raw") or kwargs.get("created"):
        return
    schedule(Document, documents_under(instance.pk))


def connect_documents():
    post_save.connect(_document_changed, sender=Document, dispatch_uid="search-document-saved")
    post_delete.connect(_document_changed, sender=Document, dispatch_uid="search-document-deleted")
    post_save.connect(
        _restriction_changed,
        sender=CollectionViewRestriction,
        dispatch_uid="search-collection-restriction",
    )
    post_delete.connect(
        _restriction_changed,
        sender=CollectionViewRestriction,
        dispatch_uid="search-collection-restriction-del",
    )
    m2m_changed.connect(
        _restriction_groups_changed,
        sender=CollectionViewRestriction.groups.through,
        dispatch_uid="search-collection-restriction-groups",
    )
    post_save.connect(_collection_saved, sender=Collection, dispatch_uid="search-collection")


DOCUMENTS = DocumentSpec(
    model=Document,
    kind=SearchDocument.Kind.DOCUMENT,
    build=build_document,
    facets=frozenset({Facet.TYPE}),
    access=document_access,
    select=("collection",),
    prefetch=("tags",),
    prepare=prepare_documents,
    connect=connect_documents,
)
