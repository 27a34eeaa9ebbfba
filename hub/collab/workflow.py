"""The life of a contribution: proposed, then published (a Wagtail document in the space's
collection) or refused (with a reason), and of a comment (published, or waiting when the
space moderates its comments).

Each change is one transaction; files are removed from the pending storage only once it
has committed, so that a failure never leaves a contribution without its file. E-mails
leave after the commit too, and only to people `hub.access` lets see what they name.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from hub.access import can_view_page
from hub.collab.files import pending_storage
from hub.collab.models import Comment, Contribution, SpaceModeration
from hub.collab.places import collection_for, may_manage

logger = logging.getLogger("maillage.collab")


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _drop_pending_file(name):
    if name:
        transaction.on_commit(lambda: pending_storage().delete(name))


def submit(contribution: Contribution, author, space, page) -> Contribution:
    """Store a checked contribution; publish it at once when its author manages the space,
    otherwise tell the managers."""
    contribution.space, contribution.page, contribution.author = space, page, author
    try:
        with transaction.atomic():
            contribution.save()
            if may_manage(author, space, page):
                publish(contribution, author, notify=False)
    except Exception:
        if contribution.file.name:
            pending_storage().delete(contribution.file.name)
        raise
    if contribution.status == Contribution.Status.PROPOSED:
        transaction.on_commit(lambda: notify_managers(contribution))
    return contribution


def _still_proposed(contribution) -> bool:
    """Lock the row: two managers deciding at once publish one document, not two."""
    return bool(
        Contribution.objects.select_for_update()
        .filter(pk=contribution.pk, status=Contribution.Status.PROPOSED)
        .values_list("pk", flat=True)
    )


def publish(contribution: Contribution, by, notify=True) -> Contribution | None:
    """The pending file becomes a document of the collection the page publishes to (None
    when someone else decided first)."""
    with transaction.atomic():
        if not _still_proposed(contribution):
            return None
        document = get_document_model()(
            title=contribution.title,
            collection=collection_for(contribution.page),
            uploaded_by_user=contribution.author,
        )
        with contribution.file.open("rb") as pending:
            document.file.save(
                contribution.original_name, File(pending, contribution.original_name), save=False
            )
        document._set_document_file_metadata()
        document.save()
        pending_name = contribution.file.name
        contribution.document = document
        contribution.file = ""
        contribution.status = Contribution.Status.PUBLISHED
        contribution.decided_by, contribution.decided_at = by, timezone.now()
        contribution.save()
        _drop_pending_file(pending_name)
    if notify:
        transaction.on_commit(lambda: notify_author(contribution))
    return contribution


def refuse(contribution: Contribution, by, reason: str) -> Contribution | None:
    """Refused: the reason is kept for the author, the file is removed."""
    with transaction.atomic():
        if not _still_proposed(contribution):
            return None
        pending_name = contribution.file.name
        contribution.file = ""
        contribution.status = Contribution.Status.REFUSED
        contribution.reason = reason
        contribution.decided_by, contribution.decided_at = by, timezone.now()
        contribution.save()
        _drop_pending_file(pending_name)
    transaction.on_commit(lambda: notify_author(contribution))
    return contribution


def comments_moderated(space) -> bool:
    return SpaceModeration.objects.filter(space=space, moderate_comments=True).exists()


def post_comment(comment: Comment, author, space, page, document=None) -> Comment:
    comment.space, comment.page, comment.document, comment.author = space, page, document, author
    if comments_moderated(space) and not may_manage(author, space, page):
        comment.status = Comment.Status.PENDING
    comment.save()
    return comment


# --- E-mails -------------------------------------------------------------------------------


def managers_of(space, page):
    """The people `manages_space` names for `space` who also see `page`. The candidates are
    who could pass it at all (administrators, the referent, the members of the space's
    groups, among whom its coordinator); the decision is `manages_space`'s."""
    User = get_user_model()
    candidates = Q(is_superuser=True) | Q(groups__in=space.access_groups())
    family = getattr(space, "family", None)
    if family is not None and family.referent_id:
        candidates |= Q(pk=family.referent_id)
    people = User.objects.filter(candidates, is_active=True).exclude(email="").distinct()
    return [person for person in people if may_manage(person, space, page)]


def notify_managers(contribution: Contribution):
    link = _absolute(reverse("collab:pending", args=[contribution.space_id]))
    messages = []
    for manager in managers_of(contribution.space, contribution.page):
        if manager.pk == contribution.author_id:
            continue
        body = _(
            "Bonjour,\n\nUne contribution attend votre décision dans l'espace « %(space)s » :\n"
            "« %(title)s » (%(kind)s).\n\nPour la consulter, la publier ou la refuser : %(link)s\n"
        ) % {
            "space": contribution.space.title,
            "title": contribution.title,
            "kind": contribution.get_kind_display(),
            "link": link,
        }
        subject = _("Maillage : une contribution à valider (%(space)s)") % {
            "space": contribution.space.title
        }
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [manager.email]))
    if messages:
        send_mass_mail(messages, fail_silently=True)


def notify_author(contribution: Contribution):
    author = contribution.author
    if author is None or not author.email or not can_view_page(author, contribution.page):
        return
    if contribution.status == Contribution.Status.PUBLISHED:
        state = _("a été publiée")
    else:
        state = _("n'a pas été retenue. Motif : %(reason)s") % {"reason": contribution.reason}
    body = _(
        "Bonjour,\n\nVotre contribution « %(title)s » dans l'espace « %(space)s » %(state)s\n\n"
        "Vos contributions : %(link)s\n"
    ) % {
        "title": contribution.title,
        "space": contribution.space.title,
        "state": state,
        "link": _absolute(reverse("collab:mine")),
    }
    subject = _("Maillage : votre contribution (%(space)s)") % {"space": contribution.space.title}
    send_mass_mail(
        [(subject, body, settings.DEFAULT_FROM_EMAIL, [author.email])], fail_silently=True
    )
