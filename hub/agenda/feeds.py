"""Calendar feeds (RFC 5545), to subscribe to from a calendar app, which cannot log in.

- Public feeds: `/agenda/flux.ics` (every territory) and `/agenda/flux/<territoire>.ics`,
  with `?type=<type>` (repeatable): public events only, whoever asks, so that one copy
  serves everyone; anonymous answers are kept by the page cache (hub/cache.py), emptied
  whenever an event changes (hub/agenda/apps.py), and by clients for 15 minutes.
- The personal feed: `/agenda/flux/personnel.ics?jeton=<secret>`, every event the
  person's tiers reach (hub.access). The secret is stored as a digest only
  (`FeedToken`); an unknown or revoked one, or a deactivated account's, answers 404; an
  account whose accreditation has ended reads what an anonymous visitor reads. The secret
  travels in the query string, never in the path: Django's `django.request` log and
  gunicorn's access log print the path only (hub/gunicorn.conf.py), so the secret never
  reaches a log. The answer is `private, no-store`: no cache, shared or not, keeps it.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hub.agenda import ical, query
from hub.agenda.models import EventKind, FeedToken

PUBLIC_MAX_AGE = 15 * 60


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _kinds(request) -> list[str]:
    kinds = request.GET.getlist("type")
    if any(kind not in EventKind.values for kind in kinds):
        raise Http404(_("Type d'événement inconnu."))
    return kinds


@require_GET
def public_feed(request, territory=None):
    from hub.models import TerritoryPage

    page = None
    if territory is not None:
        page = get_object_or_404(TerritoryPage.objects.live().public(), slug=territory)
    kinds = _kinds(request)
    # Public events only, even for a logged-in reader: the feed is the same for everyone.
    events = query.for_feed(query.filtered(query.visible_events(None), page, kinds))
    name = _("Maillage – agenda public")
    if page is not None:
        name = _("Maillage – agenda public – %(territory)s") % {"territory": page.title}
    # A public event of a territory page a visitor may not see does not name it.
    named = set(query.visible_territories(None).public().values_list("pk", flat=True))
    response = _ics(
        ical.calendar(events, name, request, named), f"agenda-{territory or 'maillage'}.ics"
    )
    response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    return response


@require_GET
def personal_feed(request):
    feed = FeedToken.objects.for_token(request.GET.get("jeton", ""))
    if feed is None or not feed.user.is_active:
        # Never name the secret, in the answer or in a log.
        raise Http404(_("Cette adresse d'abonnement n'existe pas ou a été révoquée."))
    events = query.for_feed(query.visible_events(feed.user))
    named = set(query.visible_territories(feed.user).values_list("pk", flat=True))
    response = _ics(
        ical.calendar(events, _("Maillage – mon agenda"), request, named),
        "mon-agenda-maillage.ics",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
