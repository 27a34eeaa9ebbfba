"""The collaborative parts of the space pages, as template tags (each asks `hub.access`):

- `{% space_activity page %}`: the activity list (templates/collab/activity.html);
- `{% contribution_panel page %}`: « Proposer … », the reader's own contributions on this
  page with their status, and for a manager the number waiting (collab/panel.html);
- `{% member_documents page %}`: the published contributions of this page whose document
  the reader may open (collab/member_documents.html);
- `{% page_comments page %}`: a meeting's comments and the form (collab/comments.html);
- `{% discussion_url page document %}`: the address of a document's discussion page.
"""

from django import template
from django.urls import reverse

from hub.access import visible_documents, visible_pages
from hub.collab import activity
from hub.collab.comments import thread
from hub.collab.forms import CommentForm
from hub.collab.models import Contribution
from hub.collab.places import may_manage, space_of
from hub.models.spaces import MeetingPage

register = template.Library()


def _space(context, page):
    """The page's space, read once per page render."""
    cache = context.render_context.setdefault("collab_spaces", {})
    if page.pk not in cache:
        cache[page.pk] = space_of(page)
    return cache[page.pk]


@register.inclusion_tag("collab/activity.html", takes_context=True)
def space_activity(context, page, limit=10):
    request = context.get("request")
    space = _space(context, page)
    lines = activity.space_activity(request.user, space, request, limit) if space else []
    return {"lines": lines, "space": space}


@register.inclusion_tag("collab/panel.html", takes_context=True)
def contribution_panel(context, page):
    request = context["request"]
    user = request.user
    space = _space(context, page)
    if space is None or not user.is_authenticated:
        return {"space": None}
    manager = may_manage(user, space)
    waiting = 0
    if manager:
        waiting = Contribution.objects.filter(
            space=space,
            status=Contribution.Status.PROPOSED,
            page__in=visible_pages(user).values("pk"),
        ).count()
    own = Contribution.objects.filter(page=page, author=user).exclude(
        status=Contribution.Status.PUBLISHED
    )[:20]
    if page.pk == space.pk:
        url = reverse("collab:propose", args=[space.pk])
    else:
        url = reverse("collab:propose_on", args=[space.pk, page.pk])
    return {
        "space": space,
        "propose_url": url,
        "is_meeting": isinstance(page, MeetingPage),
        "own": own,
        "manager": manager,
        "waiting": waiting,
    }


@register.inclusion_tag("collab/member_documents.html", takes_context=True)
def member_documents(context, page):
    request = context["request"]
    space = _space(context, page)
    contributions = []
    if space is not None:
        contributions = (
            Contribution.objects.filter(
                page=page,
                status=Contribution.Status.PUBLISHED,
                document__in=visible_documents(request.user).values("pk"),
            )
            .select_related("document", "author")
            .order_by("-decided_at")
        )
    return {"contributions": contributions, "space": space}


@register.inclusion_tag("collab/comments.html", takes_context=True)
def page_comments(context, page):
    request = context["request"]
    space = _space(context, page)
    if space is None or not request.user.is_authenticated:
        return {"space": None}
    return {
        "space": space,
        "comments": thread(request.user, space, page),
        "form": CommentForm(auto_id="id_commentaire_%s"),
        "action": reverse("collab:comment_meeting", args=[space.pk, page.pk]),
        "user": request.user,
        "manager": may_manage(request.user, space, page),
    }


@register.simple_tag(takes_context=True)
def discussion_url(context, page, document):
    space = _space(context, page)
    if space is None or document is None:
        return ""
    return reverse("collab:document", args=[space.pk, document.pk])
