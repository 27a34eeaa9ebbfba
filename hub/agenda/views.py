"""/agenda/: the upcoming meetings by month, the archive, one event's page and its .ics.

Every list and page reads events through `hub.agenda.query` (`hub.access`). An event the
reader may not see does not exist for them: a visitor who is not logged in (or whose
accreditation ended) is sent to the login page, as for a restricted page; a logged-in
partner outside its tier gets a 404, which says nothing of it.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hub.access import audience_for, can_view_page, visible_related
from hub.agenda import ical, query
from hub.agenda.dates import span
from hub.agenda.forms import FilterForm
from hub.agenda.links import visible_links
from hub.agenda.models import Event
from hub.query_strings import with_params

ARCHIVE_PAGE_SIZE = 30


def _filters(request):
    territories = list(query.visible_territories(request.user))
    form = FilterForm(request.GET, territories)
    territory, kinds = form.selection()
    events = query.filtered(query.visible_events(request.user), territory, kinds)
    return form, territory, kinds, events, {page.pk for page in territories}


def _feed_url(territory, kinds):
    url = (
        reverse("agenda:territory_feed", args=[territory.slug])
        if territory
        else reverse("agenda:feed")
    )
    return url + (f"?type={kinds[0]}" if kinds else "")


@require_GET
def agenda(request):
    form, territory, kinds, events, territory_ids = _filters(request)
    occurrences = query.upcoming(events)
    return render(
        request,
        "agenda/list.html",
        {
            "form": form,
            "months": query.by_month(occurrences),
            "count": len(occurrences),
            "feed_url": _feed_url(territory, kinds),
            "territory": territory,
            "territory_ids": territory_ids,
        },
    )


@require_GET
def archive(request):
    form, _territory, _kinds, events, territory_ids = _filters(request)
    paginator = Paginator(query.past(events), ARCHIVE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "agenda/archive.html",
        {
            "form": form,
            "page": page,
            "months": query.by_month(page.object_list),
            "count": paginator.count,
            "territory_ids": territory_ids,
            "previous_url": with_params(request.path, request.GET, page=page.previous_page_number())
            if page.has_previous()
            else "",
            "next_url": with_params(request.path, request.GET, page=page.next_page_number())
            if page.has_next()
            else "",
        },
    )


def _visible_event_or_deny(request, pk):
    """The event if the reader may see it; else the login page or a 404 (see above)."""
    event = query.visible_events(request.user).filter(pk=pk).first()
    if event is not None:
        return event, None
    if not audience_for(request.user).accredited and Event.objects.filter(pk=pk).exists():
        return None, redirect_to_login(request.get_full_path())
    raise Http404(_("Cet événement n'existe pas."))


@require_GET
def event_page(request, pk):
    event, denied = _visible_event_or_deny(request, pk)
    if denied:
        return denied
    upcoming = event.occurrences(after=timezone.now())[:10] if event.recurrence_frequency else []
    territory = event.territory
    if not (territory.live and can_view_page(request.user, territory)):
        territory = None
    return render(
        request,
        "agenda/event.html",
        {
            "event": event,
            "when": span(event.start, event.end),
            "upcoming": upcoming,
            "territory": territory,
            "instance": visible_related(request.user, event.coordination_instance),
            "links": visible_links(request.user, event),
        },
    )


@require_GET
def event_ics(request, pk):
    """« Ajouter à mon agenda »: the one event (with its recurrence) as a .ics file."""
    event, denied = _visible_event_or_deny(request, pk)
    if denied:
        return denied
    territory = event.territory
    named = territory.live and can_view_page(request.user, territory)
    body = ical.calendar([event], event.title, request, {territory.pk} if named else set())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evenement-{event.pk}.ics"'
    if event.access_tier != "public":
        response["Cache-Control"] = "private, no-store"
    return response
