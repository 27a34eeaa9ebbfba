"""Comments on a meeting or on a document of a space.

A comment is seen exactly by who may see what it comments: the meeting's page
(`can_view_page`: a meeting of a working group restricted to its members stays theirs),
or the document (`can_view_document`, whose collection may be narrower than the space)
as well as the space. Its author edits or removes it; the space's managers
(`manages_space`) remove it, and approve it when the space moderates its comments.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub.access import can_view_document, can_view_page
from hub.collab import workflow
from hub.collab.forms import CommentForm
from hub.collab.models import Comment, Contribution
from hub.collab.places import document_in, may_manage, page_in, space_for
from hub.collab.views import private
from hub.models.spaces import MeetingPage


def thread(user, space, page, document=None):
    """The comments on `page` (or on `document`) that `user` reads: published ones, and
    their own or, for a manager, every one waiting for moderation. The caller has checked
    that `user` sees the page and the document."""
    comments = Comment.objects.filter(space=space, page=page, document=document)
    if not may_manage(user, space, page):
        comments = comments.filter(Q(status=Comment.Status.PUBLISHED) | Q(author=user))
    return comments.select_related("author").order_by("created_at", "pk")


def comment_url(comment):
    if comment.document_id:
        return reverse("collab:document", args=[comment.space_id, comment.document_id])
    return comment.page.url or "/"


@private
@require_POST
def comment_meeting(request, space_id, page_id):
    space = space_for(request.user, space_id)
    meeting = page_in(request.user, space, page_id, kinds=(MeetingPage,))
    form = CommentForm(request.POST)
    if form.is_valid():
        comment = workflow.post_comment(form.save(commit=False), request.user, space, meeting)
        _said_posted(request, comment)
        return redirect(f"{meeting.url}#commentaire-{comment.pk}")
    return render(
        request,
        "collab/comment_form.html",
        {"form": form, "space": space, "about": meeting.title, "back": meeting.url},
        status=400,
    )


def _said_posted(request, comment):
    if comment.status == Comment.Status.PENDING:
        messages.info(request, _("Votre commentaire sera publié après validation."))
    else:
        messages.success(request, _("Votre commentaire est publié."))


@private
def document(request, space_id, document_id):
    """A document of the space: its download link, its description and its comments."""
    space = space_for(request.user, space_id)
    doc = document_in(request.user, space, document_id)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment = workflow.post_comment(form.save(commit=False), request.user, space, space, doc)
        _said_posted(request, comment)
        return redirect(f"{request.path}#commentaire-{comment.pk}")
    contribution = (
        Contribution.objects.filter(document=doc, status=Contribution.Status.PUBLISHED)
        .select_related("author")
        .first()
    )
    return render(
        request,
        "collab/document.html",
        {
            "space": space,
            "document": doc,
            "contribution": contribution,
            "comments": thread(request.user, space, space, doc),
            "form": form,
            "manager": may_manage(request.user, space),
        },
        status=400 if form.errors else 200,
    )


def _visible_comment(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("space", "page", "document"), pk=pk)
    space = space_for(request.user, comment.space_id)
    if not can_view_page(request.user, comment.page):
        raise Http404
    if comment.document_id and not can_view_document(request.user, comment.document):
        raise Http404
    return comment, space


@private
def edit_comment(request, pk):
    comment, space = _visible_comment(request, pk)
    if comment.author_id != request.user.pk:
        raise Http404
    form = CommentForm(request.POST or None, instance=comment)
    if request.method == "POST" and form.is_valid():
        comment = form.save(commit=False)
        comment.edited_at = timezone.now()
        comment.save(update_fields=["text", "edited_at"])
        messages.success(request, _("Votre commentaire est modifié."))
        return redirect(f"{comment_url(comment)}#commentaire-{comment.pk}")
    return render(
        request,
        "collab/comment_form.html",
        {"form": form, "space": space, "about": _about(comment), "back": comment_url(comment)},
        status=400 if form.errors else 200,
    )


def _about(comment):
    return comment.document.title if comment.document_id else comment.page.title


@private
def delete_comment(request, pk):
    comment, space = _visible_comment(request, pk)
    if comment.author_id != request.user.pk and not may_manage(request.user, space, comment.page):
        raise Http404
    back = comment_url(comment)
    if request.method == "POST":
        comment.delete()
        messages.success(request, _("Le commentaire est supprimé."))
        return redirect(back)
    return render(
        request,
        "collab/comment_delete.html",
        {"comment": comment, "space": space, "about": _about(comment), "back": back},
    )


@private
@require_POST
def approve_comment(request, pk):
    comment, space = _visible_comment(request, pk)
    if not may_manage(request.user, space, comment.page):
        raise Http404
    comment.status = Comment.Status.PUBLISHED
    comment.save(update_fields=["status"])
    messages.success(request, _("Le commentaire est publié."))
    return redirect("collab:pending", space.pk)
