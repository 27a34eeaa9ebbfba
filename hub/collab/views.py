"""Contributions: propose (from a space, a library or a meeting), « Mes contributions »,
the managers' list « À valider », a decision, and the download of a pending file.

Every answer is personal: `private, no-store`. Who may propose: an accredited reader of
the page (`hub.access.can_view_page`). Who decides, lists and downloads another's pending
file: `hub.access.manages_space` (and the page is one they see). What cannot be seen
answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hub.access import can_view_page, visible_pages
from hub.collab import workflow
from hub.collab.forms import ContributionForm, ModerationForm, RefuseForm
from hub.collab.models import Comment, Contribution, SpaceModeration
from hub.collab.places import may_manage, page_in, space_for
from hub.models.spaces import MeetingPage


def private(view):
    """Logged in, never cached anywhere (`never_cache` sends `private, no-store`)."""
    return login_required(never_cache(view))


def _kinds(page):
    if isinstance(page, MeetingPage):
        return (Contribution.Kind.AGENDA, Contribution.Kind.MINUTES)
    return (Contribution.Kind.DOCUMENT,)


@private
def propose(request, space_id, page_id=None):
    space = space_for(request.user, space_id)
    page = page_in(request.user, space, page_id)
    form = ContributionForm(request.POST or None, request.FILES or None, kinds=_kinds(page))
    if request.method == "POST" and form.is_valid():
        contribution = workflow.submit(form.save(), request.user, space, page)
        return redirect("collab:sent", contribution.pk)
    return render(
        request,
        "collab/propose.html",
        {"form": form, "space": space, "target": page, "is_meeting": isinstance(page, MeetingPage)},
        status=400 if form.errors else 200,
    )


def _own(request, pk):
    contribution = get_object_or_404(
        Contribution.objects.select_related("space", "page"), pk=pk, author=request.user
    )
    if not can_view_page(request.user, contribution.page):
        raise Http404
    return contribution


@private
def sent(request, pk):
    contribution = _own(request, pk)
    return render(request, "collab/sent.html", {"contribution": contribution})


@private
def mine(request):
    contributions = (
        Contribution.objects.filter(author=request.user, page__in=visible_pages(request.user))
        .select_related("space", "page", "document")
        .order_by("-created_at")
    )
    return render(request, "collab/mine.html", {"contributions": contributions})


def _managed_space(request, space_id):
    space = space_for(request.user, space_id)
    if not may_manage(request.user, space):
        raise Http404
    return space


def _pending(request, space):
    pages = visible_pages(request.user).values("pk")
    contributions = Contribution.objects.filter(
        space=space, status=Contribution.Status.PROPOSED, page__in=pages
    ).select_related("author", "page")
    comments = Comment.objects.filter(
        space=space, status=Comment.Status.PENDING, page__in=pages
    ).select_related("author", "page", "document")
    return contributions, comments


@private
def pending(request, space_id):
    space = _managed_space(request, space_id)
    contributions, comments = _pending(request, space)
    moderation = SpaceModeration.objects.filter(space=space).first()
    return render(
        request,
        "collab/pending.html",
        {
            "space": space,
            "contributions": contributions,
            "comments": comments,
            "refuse_form": RefuseForm(),
            "moderation_form": ModerationForm(
                initial={"moderate_comments": bool(moderation and moderation.moderate_comments)}
            ),
        },
    )


def _proposed(request, space, pk):
    contribution = get_object_or_404(
        Contribution.objects.select_related("page", "author"),
        pk=pk,
        space=space,
        status=Contribution.Status.PROPOSED,
    )
    if not can_view_page(request.user, contribution.page):
        raise Http404
    return contribution


@private
@require_POST
def decide(request, space_id, pk):
    space = _managed_space(request, space_id)
    contribution = _proposed(request, space, pk)
    if request.POST.get("decision") == "publish":
        workflow.publish(contribution, request.user)
        messages.success(request, _("« %s » est publié dans l'espace.") % contribution.title)
        return redirect("collab:pending", space.pk)
    form = RefuseForm(request.POST)
    if not form.is_valid():
        contributions, comments = _pending(request, space)
        return render(
            request,
            "collab/pending.html",
            {
                "space": space,
                "contributions": contributions,
                "comments": comments,
                "refuse_form": RefuseForm(),
                "refused": contribution.pk,
                "refused_form": form,
                "moderation_form": ModerationForm(),
            },
            status=400,
        )
    workflow.refuse(contribution, request.user, form.cleaned_data["reason"])
    messages.success(
        request, _("« %s » est refusé ; son auteur verra le motif.") % contribution.title
    )
    return redirect("collab:pending", space.pk)


@private
@require_POST
def approve_all(request, space_id):
    """Publish every pending contribution and comment of the space the manager sees."""
    space = _managed_space(request, space_id)
    contributions, comments = _pending(request, space)
    with transaction.atomic():
        count = 0
        for contribution in contributions:
            count += workflow.publish(contribution, request.user) is not None
        count += comments.update(status=Comment.Status.PUBLISHED)
    messages.success(request, _("%d élément(s) publié(s).") % count)
    return redirect("collab:pending", space.pk)


@private
@require_POST
def moderation(request, space_id):
    space = _managed_space(request, space_id)
    form = ModerationForm(request.POST)
    form.is_valid()
    SpaceModeration.objects.update_or_create(
        space=space, defaults={"moderate_comments": form.cleaned_data.get("moderate_comments")}
    )
    messages.success(request, _("Le réglage de modération est enregistré."))
    return redirect("collab:pending", space.pk)


@private
def pending_file(request, space_id, pk):
    """The waiting file, for its author and the space's managers only."""
    space = space_for(request.user, space_id)
    contribution = _proposed(request, space, pk)
    if contribution.author_id != request.user.pk and not may_manage(request.user, space):
        raise Http404
    if not contribution.file.name:
        raise Http404
    response = FileResponse(
        contribution.file.open("rb"), as_attachment=True, filename=contribution.original_name
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
