"""French dates of the agenda: « mardi 3 mars 2026, 14 h 00 – 16 h 00 ».

Day and month names come from Django's translations of the active language; the shapes
are French source strings wrapped for translation."""

from __future__ import annotations

from django.utils import dateformat
from django.utils.translation import gettext as _

from hub.agenda.recurrence import PARIS


def long_date(value) -> str:
    """« mardi 3 mars 2026 » (the first of the month: « 1er »)."""
    day = _("1er") if value.day == 1 else str(value.day)
    return _("%(weekday)s %(day)s %(month)s %(year)s") % {
        "weekday": dateformat.format(value, "l"),
        "day": day,
        "month": dateformat.format(value, "F"),
        "year": value.year,
    }


def clock(value) -> str:
    """« 14 h 00 »."""
    return _("%(hour)d h %(minute)02d") % {"hour": value.hour, "minute": value.minute}


def span(start, end) -> str:
    """« mardi 3 mars 2026, 14 h 00 – 16 h 00 », or over two days « du mardi 3 mars 2026,
    9 h 00 au mercredi 4 mars 2026, 17 h 00 » (Paris time)."""
    start, end = start.astimezone(PARIS), end.astimezone(PARIS)
    if start.date() == end.date():
        return _("%(date)s, %(start)s – %(end)s") % {
            "date": long_date(start),
            "start": clock(start),
            "end": clock(end),
        }
    return _("du %(start_date)s, %(start)s au %(end_date)s, %(end)s") % {
        "start_date": long_date(start),
        "start": clock(start),
        "end_date": long_date(end),
        "end": clock(end),
    }


def month_title(value) -> str:
    """« mars 2026 »."""
    return _("%(month)s %(year)s") % {
        "month": dateformat.format(value, "F"),
        "year": value.year,
    }
