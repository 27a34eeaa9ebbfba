"""Events as iCalendar (RFC 5545), written with the `icalendar` library.

Every VEVENT carries a UID stable for the event's life (its UUID), a DTSTAMP and
LAST-MODIFIED (its last change, in UTC), DTSTART and DTEND with the Europe/Paris TZID, and
the RRULE of a recurring meeting; the calendar carries the one VTIMEZONE it names.

What a feed says of an event is what its page says to everyone who reads the feed: title,
type, territory, place or video link, presentation, and the address of its page. The
agenda and minutes links are never in a feed: they keep their own access, which a feed's
readers may not share.
"""

from __future__ import annotations

from datetime import UTC, date
from functools import lru_cache

from django.utils.translation import gettext as _
from icalendar import Calendar, Timezone, vRecur
from icalendar import Event as VEvent

from hub.absolute_urls import absolute_url, site_root
from hub.agenda import recurrence

PRODID = "-//Maillage//Agenda des partenariats santé psychique et logement//FR"


@lru_cache(maxsize=1)
def paris_timezone() -> Timezone:
    """The VTIMEZONE of Europe/Paris, built once per process (2000-2045)."""
    return Timezone.from_tzid(
        "Europe/Paris", first_date=date(2000, 1, 1), last_date=date(2045, 1, 1)
    )


def _vevent(event, root: str) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", f"{event.uid}@maillage")
    vevent.add("dtstamp", event.updated_at.astimezone(UTC))
    vevent.add("last-modified", event.updated_at.astimezone(UTC))
    vevent.add("dtstart", event.start.astimezone(recurrence.PARIS))
    vevent.add("dtend", event.end.astimezone(recurrence.PARIS))
    parts = recurrence.rrule_parts(event)
    if parts:
        vevent.add("rrule", vRecur(parts))
    vevent.add("summary", event.title)
    vevent.add("categories", [str(event.get_kind_display())])
    url = absolute_url(event.get_absolute_url(), root=root)
    vevent.add("url", url)
    location = event.place.strip() or event.video_url
    if location:
        vevent.add("location", location)
    lines = [event.description.strip()] if event.description.strip() else []
    lines.append(_("Territoire : %(territory)s") % {"territory": event.territory.title})
    if event.video_url:
        lines.append(_("Visioconférence : %(url)s") % {"url": event.video_url})
    lines.append(_("Détails : %(url)s") % {"url": url})
    vevent.add("description", "\n\n".join(lines))
    vevent.add("status", "CONFIRMED")
    return vevent


def calendar(events, name: str, request=None) -> bytes:
    """The calendar of `events` (already filtered for the reader), as bytes."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Paris")
    cal.add_component(paris_timezone())
    root = site_root(request)
    for event in events:
        cal.add_component(_vevent(event, root))
    return cal.to_ical()
