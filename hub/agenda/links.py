"""The agenda and the minutes of an event, as links the reader may follow.

Each target keeps its own access: a document its collection's privacy, a page its view
restrictions (the minutes of a public plenary may sit in a family's space). A link is
shown only when the reader may see its target (`hub.access`); otherwise nothing is said
of it, not even that it exists."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hub.access import can_view_document, can_view_page

SLOTS = (
    ("agenda", _("Ordre du jour")),
    ("minutes", _("Compte rendu")),
)


def visible_links(user, event) -> list[dict]:
    links = []
    for slot, label in SLOTS:
        document = getattr(event, f"{slot}_document")
        if document is not None and can_view_document(user, document):
            links.append({"label": label, "title": document.title, "url": document.url})
        page = getattr(event, f"{slot}_page")
        if page is not None:
            page = page.specific_deferred
            if page.live and can_view_page(user, page):
                links.append({"label": label, "title": page.title, "url": page.url})
    return links
