"""Which events a reader sees, and their meetings in a window: the one place the agenda's
pages and feeds read events from. Every query goes through `hub.access.visible_objects`
(the event's own tier, in one filter whatever the number of restricted events)."""

from __future__ import annotations

from datetime import timedelta
from itertools import groupby

from django.db.models import F
from django.utils import timezone

from hub.access import visible_objects, visible_pages
from hub.agenda.dates import month_title
from hub.agenda.models import Event
from hub.agenda.recurrence import PARIS, horizon

# How far back the feeds go: calendar apps keep what they already received.
FEED_HISTORY = timedelta(days=365)


def visible_events(user, queryset=None):
    """The events `user` may see (None: an anonymous reader, as in the public feeds)."""
    queryset = Event.objects.all() if queryset is None else queryset
    return visible_objects(user, queryset).select_related("territory", "coordination_instance")


def visible_territories(user):
    from hub.models import TerritoryPage

    return visible_pages(user, TerritoryPage.objects.live()).order_by("title")


def filtered(events, territory=None, kinds=()):
    """Events of one territory page (None: all) and of these types (empty: all), among the
    territory pages the reader may see."""
    if territory is not None:
        events = events.filter(territory=territory)
    if kinds:
        events = events.filter(kind__in=list(kinds))
    return events


def upcoming(events, now=None):
    """The meetings that have not ended yet, over the next twelve months, in order."""
    now = now or timezone.now()
    until = horizon(now)
    found = []
    for event in events.filter(series_end__gt=now, start__lt=until):
        found += event.occurrences(after=now, before=until)
    return sorted(found, key=lambda occurrence: (occurrence.start, occurrence.event.title))


def past(events, now=None):
    """The meetings that have ended, the most recent first."""
    now = now or timezone.now()
    found = []
    for event in events.filter(start__lt=now):
        found += [o for o in event.occurrences(before=now) if o.end <= now]
    return sorted(found, key=lambda occurrence: occurrence.start, reverse=True)


def by_month(occurrences):
    """[(« mars 2026 », [occurrences…]), …] in the order given."""

    def month(occurrence):
        return occurrence.start.astimezone(PARIS).replace(day=1).date()

    return [(month_title(key), list(group)) for key, group in groupby(occurrences, key=month)]


# What a VEVENT is written from (hub/agenda/ical.py): a feed reads these columns only, and its
# territory's title without the territory page (a Wagtail page is some forty columns).
FEED_FIELDS = (
    "id",
    "uid",
    "title",
    "kind",
    "territory",
    "place",
    "video_url",
    "description",
    "start",
    "end",
    "recurrence_frequency",
    "recurrence_interval",
    "recurrence_until",
    "recurrence_count",
    "cancelled_dates",
    "updated_at",
)


def for_feed(events, now=None):
    """The events a feed carries: those whose last meeting ended less than a year ago."""
    now = now or timezone.now()
    return (
        events.filter(series_end__gte=now - FEED_HISTORY)
        .select_related(None)
        .only(*FEED_FIELDS)
        .annotate(territory_title=F("territory__title"))
        .order_by("start", "pk")
    )
