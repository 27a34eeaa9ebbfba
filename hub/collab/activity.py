"""The activity list of a space: new documents, published contributions (documents, a
meeting's agenda or minutes), minutes of meetings, comments; most recent first.

Read on the fly from what exists (nothing to keep in step): four queries whatever the
number of items, each filtered in SQL through `hub.access` (`visible_pages` for the page a
line names, `visible_documents` for its document), so that a line naming a page or a
document the reader may not see is never read, let alone shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from hub.access import visible_documents, visible_pages
from hub.collab.models import Comment, Contribution
from hub.collab.places import space_documents
from hub.models.spaces import MeetingPage


@dataclass(frozen=True)
class Line:
    when: datetime
    label: str  # what happened, in French
    title: str  # what it is about
    url: str
    author: str = ""
    excerpt: str = ""


def person_name(user) -> str:
    if user is None:
        return _("un ancien membre")
    return user.get_full_name() or user.get_username()


def _page_url(page, request):
    return page.get_url(request) or ""


def space_activity(user, space, request=None, limit=10) -> list[Line]:
    """The `limit` latest lines of `space` that `user` may see."""
    pages = visible_pages(user).values("pk")
    documents = visible_documents(user).values("pk")
    lines = []

    published = (
        Contribution.objects.filter(
            space=space,
            status=Contribution.Status.PUBLISHED,
            document__in=documents,
            page__in=pages,
        )
        .select_related("author", "document", "page")
        .order_by("-decided_at")[:limit]
    )
    for contribution in published:
        if contribution.kind == Contribution.Kind.DOCUMENT:
            label = _("Document proposé par un membre")
        else:
            label = _("%(kind)s proposé pour « %(meeting)s »") % {
                "kind": contribution.get_kind_display().capitalize(),
                "meeting": contribution.page.title,
            }
        lines.append(
            Line(
                contribution.decided_at,
                label,
                contribution.title,
                reverse("collab:document", args=[space.pk, contribution.document_id]),
                person_name(contribution.author),
            )
        )

    added = (
        space_documents(space)
        .filter(pk__in=documents)
        .exclude(Exists(Contribution.objects.filter(document=OuterRef("pk"))))
        .order_by("-created_at")[:limit]
    )
    for document in added:
        lines.append(
            Line(
                document.created_at,
                _("Nouveau document"),
                document.title,
                reverse("collab:document", args=[space.pk, document.pk]),
            )
        )

    meetings = (
        MeetingPage.objects.live()
        .descendant_of(space)
        .filter(pk__in=pages, last_published_at__isnull=False)
        .exclude(minutes_status=MeetingPage.MinutesStatus.NONE)
        .order_by("-last_published_at")[:limit]
    )
    for meeting in meetings:
        lines.append(
            Line(
                meeting.last_published_at,
                meeting.get_minutes_status_display().capitalize(),
                meeting.title,
                _page_url(meeting, request),
            )
        )

    comments = (
        Comment.objects.filter(space=space, status=Comment.Status.PUBLISHED, page__in=pages)
        .filter(Q(document__isnull=True) | Q(document__in=documents))
        .select_related("author", "page", "document")
        .order_by("-created_at")[:limit]
    )
    for comment in comments:
        if comment.document_id:
            about = comment.document.title
            url = reverse("collab:document", args=[space.pk, comment.document_id])
        else:
            about = comment.page.title
            url = _page_url(comment.page, request)
        lines.append(
            Line(
                comment.created_at,
                _("Commentaire"),
                about,
                f"{url}#commentaire-{comment.pk}",
                person_name(comment.author),
                comment.text[:140],
            )
        )

    lines.sort(key=lambda line: line.when, reverse=True)
    return lines[:limit]
