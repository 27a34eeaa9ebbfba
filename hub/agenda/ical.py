"""Events as iCalendar (RFC 5545), written with the `icalendar` library.

Every VEVENT carries a UID stable for the event's life (its UUID), a DTSTAMP and
LAST-MODIFIED (its last change, in UTC), DTSTART and DTEND with the Europe/Paris TZID, and
the RRULE of a recurring meeting; the calendar carries the one VTIMEZONE it names.

What a feed says of an event is what its page says to everyone who reads the feed: title,
type, territory, place or video link, presentation, and the address of its page. The
agenda and minutes links are never in a feed: they keep their own access, which a feed's
readers may not share. Its territory is named only to who may see the territory's page.

Each VEVENT is written once per process and kept as bytes (`_vevent_bytes`), keyed by
everything it is written from: a feed of thousands of events is then mostly a join.
"""

from __future__ import annotations

from datetime import UTC, date
from functools import lru_cache

from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, Timezone, vRecur
from icalendar import Event as VEvent

from hub.absolute_urls import absolute_url, site_root
from hub.agenda import recurrence
from hub.agenda.query import FEED_FIELDS

PRODID = "-//Maillage//Agenda des partenariats santé psychique et logement//FR"


@lru_cache(maxsize=1)
def paris_timezone() -> Timezone:
    """The VTIMEZONE of Europe/Paris, built once per process (2000-2045)."""
    return Timezone.from_tzid(
        "Europe/Paris", first_date=date(2000, 1, 1), last_date=date(2045, 1, 1)
    )


def _territory_title(event) -> str:
    """From a feed's annotation (`query.for_feed`), or from the territory page."""
    title = getattr(event, "territory_title", None)
    return title if title is not None else event.territory.title


def _vevent(event, root: str, name_territory: bool = True) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", f"{event.uid}@maillage")
    vevent.add("dtstamp", event.updated_at.astimezone(UTC))
    vevent.add("last-modified", event.updated_at.astimezone(UTC))
    vevent.add("dtstart", event.start.astimezone(recurrence.PARIS))
    vevent.add("dtend", event.end.astimezone(recurrence.PARIS))
    parts = recurrence.rrule_parts(event)
    if parts:
        vevent.add("rrule", vRecur(parts))
        cancelled = recurrence.cancelled_starts(event)
        if cancelled:
            vevent.add("exdate", cancelled)
    vevent.add("summary", event.title)
    vevent.add("categories", [str(event.get_kind_display())])
    url = absolute_url(event.get_absolute_url(), root=root)
    vevent.add("url", url)
    location = event.place.strip() or event.video_url
    if location:
        vevent.add("location", location)
    lines = [event.description.strip()] if event.description.strip() else []
    if name_territory:
        lines.append(_("Territoire : %(territory)s") % {"territory": _territory_title(event)})
    if event.video_url:
        lines.append(_("Visioconférence : %(url)s") % {"url": event.video_url})
    lines.append(_("Détails : %(url)s") % {"url": url})
    vevent.add("description", "\n\n".join(lines))
    vevent.add("status", "CONFIRMED")
    return vevent


# Each event's VEVENT, as bytes, kept in this process: a feed is then a join of ready lines
# rather than thousands of icalendar components (5,000 events: docs/benchmarks.md). The key
# is every value a VEVENT is written from (the event's fields, its territory's title, the
# site's root, the language of the labels): a changed event, even saved twice within the
# same microsecond, gets a new key. When the store is full it starts again empty.
VEVENT_CACHE_SIZE = 10_000
_vevents: dict[tuple, bytes] = {}
_END = b"END:VCALENDAR\r\n"


def _vevent_bytes(event, root: str, language: str, name_territory: bool) -> bytes:
    key = (
        name_territory,
        event.uid,
        event.updated_at,
        event.title,
        event.kind,
        event.start,
        event.end,
        event.recurrence_frequency,
        event.recurrence_interval,
        event.recurrence_until,
        event.recurrence_count,
        event.cancelled_dates,
        event.place,
        event.video_url,
        event.description,
        event.pk,
        _territory_title(event),
        root,
        language,
    )
    found = _vevents.get(key) if event.pk is not None else None
    if found is None:
        found = _vevent(event, root, name_territory).to_ical()
        if event.pk is not None:
            if len(_vevents) >= VEVENT_CACHE_SIZE:
                _vevents.clear()
            _vevents[key] = found
    return found


# A feed's queryset is read as rows, not model instances: the row is the key, and an event
# is built only when its VEVENT is not kept yet (5,000 events: docs/benchmarks.md). The
# columns are the feed's (`hub.agenda.query.FEED_FIELDS`), the territory as its id.
ROW_COLUMNS = tuple("territory_id" if name == "territory" else name for name in FEED_FIELDS)
_TERRITORY = ROW_COLUMNS.index("territory_id")


def _vevents_of_rows(events, root: str, language: str, territory_ids) -> list[bytes]:
    from hub.agenda.models import Event

    found = []
    for row in events.values_list(*ROW_COLUMNS, "territory_title"):
        name_territory = territory_ids is None or row[_TERRITORY] in territory_ids
        key = ("row", name_territory, root, language, row)
        vevent = _vevents.get(key)
        if vevent is None:
            event = Event(**dict(zip(ROW_COLUMNS, row[:-1], strict=True)))
            event.territory_title = row[-1]
            vevent = _vevent(event, root, name_territory).to_ical()
            if len(_vevents) >= VEVENT_CACHE_SIZE:
                _vevents.clear()
            _vevents[key] = vevent
        found.append(vevent)
    return found


def calendar(events, name: str, request=None, territory_ids=None) -> bytes:
    """The calendar of `events` (already filtered for the reader), as bytes. An event's
    territory is named only when its page is among `territory_ids`, the territory pages the
    reader may see (None: every one): a public event may belong to a territory page still in
    draft, or restricted, whose name the reader must not learn from it."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Paris")
    cal.add_component(paris_timezone())
    head = cal.to_ical()
    if not head.endswith(_END):  # what RFC 5545 and icalendar write; checked, not assumed
        raise ValueError("unexpected end of an icalendar VCALENDAR")
    root = site_root(request)
    language = get_language()
    parts = [head[: -len(_END)]]
    if isinstance(events, QuerySet) and "territory_title" in events.query.annotations:
        parts += _vevents_of_rows(events, root, language, territory_ids)
    else:
        parts += [
            _vevent_bytes(
                event, root, language, territory_ids is None or event.territory_id in territory_ids
            )
            for event in events
        ]
    parts.append(_END)
    return b"".join(parts)
