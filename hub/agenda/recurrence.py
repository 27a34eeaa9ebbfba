"""Recurring meetings (« tous les deux mois ») as RFC 5545 recurrence rules.

An event keeps its rule as fields an editor understands (a frequency, an interval, and an
end: a last date or a number of meetings); `rrule_text` writes them as the RRULE of a
calendar feed, `occurrences` expands them with python-dateutil's `rrule`.

Occurrences are computed in Paris wall time: a meeting at 14 h 00 stays at 14 h 00 when
the clocks change (dateutil keeps the start's time zone object, and zoneinfo gives each
occurrence its own offset).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil import rrule
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

PARIS = ZoneInfo("Europe/Paris")
# A rule may not run longer than this many meetings (a rule "without end" in disguise).
MAX_OCCURRENCES = 520


class Frequency(models.TextChoices):
    NONE = "", _("pas de répétition")
    WEEKLY = "WEEKLY", _("toutes les semaines")
    MONTHLY = "MONTHLY", _("tous les mois")
    YEARLY = "YEARLY", _("tous les ans")


_DATEUTIL = {
    Frequency.WEEKLY: rrule.WEEKLY,
    Frequency.MONTHLY: rrule.MONTHLY,
    Frequency.YEARLY: rrule.YEARLY,
}


@dataclass(frozen=True)
class Occurrence:
    """One meeting of an event: the event, and this meeting's start and end (Paris time)."""

    event: object
    start: datetime
    end: datetime


def until_instant(until_date) -> datetime:
    """The last instant of the rule's last day, in Paris (an RRULE's UNTIL is inclusive)."""
    return datetime.combine(until_date, time(23, 59, 59), tzinfo=PARIS)


def plus_exact(begin: datetime, length: timedelta) -> datetime:
    """`begin` plus an exact duration, in Paris time. Python adds a timedelta to an aware
    datetime on the wall clock: across a clock change that would be an hour off (an event
    from Saturday 9 h to Monday 18 h over the last weekend of October would end at 19 h).
    RFC 5545 gives each meeting of a rule with DTEND the exact duration of the first."""
    return (begin.astimezone(UTC) + length).astimezone(PARIS)


def exact_length(event) -> timedelta:
    """The event's exact duration. Two datetimes of the same time zone object subtract on the
    wall clock in Python (an event read back from the database is in UTC, one being edited
    in Paris time): in UTC both ways give the same answer."""
    return event.end.astimezone(UTC) - event.start.astimezone(UTC)


def rule_for(event):
    """dateutil's rule for `event` (None for a one-off event)."""
    if not event.recurrence_frequency:
        return None
    start = event.start.astimezone(PARIS)
    return rrule.rrule(
        _DATEUTIL[event.recurrence_frequency],
        interval=event.recurrence_interval or 1,
        dtstart=start,
        until=until_instant(event.recurrence_until) if event.recurrence_until else None,
        count=event.recurrence_count or (None if event.recurrence_until else MAX_OCCURRENCES),
    )


_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_days(text: str) -> list[date]:
    """The days of an editor's list « JJ/MM/AAAA », one per line (commas and spaces also
    separate them), in order and without repeats. A bad line raises ValueError(line)."""
    days = set()
    for chunk in re.split(r"[\s,;]+", text or ""):
        if not chunk:
            continue
        match = _DAY.match(chunk)
        try:
            day, month, year = (int(part) for part in match.groups()) if match else (0, 0, 0)
            days.add(date(year, month, day))
        except ValueError:
            raise ValueError(chunk) from None
    return sorted(days)


def format_days(days) -> str:
    return "\n".join(day.strftime("%d/%m/%Y") for day in days)


def cancelled_days(event) -> frozenset[date]:
    """The days whose meeting of the series does not take place (RFC 5545 EXDATE)."""
    try:
        return frozenset(parse_days(getattr(event, "cancelled_dates", "")))
    except ValueError:
        return frozenset()  # refused by Event.clean(); never half-read


def cancelled_starts(event) -> list[datetime]:
    """The starts (Paris time) of the cancelled meetings: the EXDATE values of a feed."""
    days = cancelled_days(event)
    rule = rule_for(event)
    if not days or rule is None:
        return []
    return [begin for begin in rule if begin.astimezone(PARIS).date() in days]


def occurrences(event, after=None, before=None):
    """The meetings of `event` that end after `after` and start before `before` (either may
    be None: no bound), in chronological order, without the cancelled ones."""
    start = event.start.astimezone(PARIS)
    length = exact_length(event)
    rule = rule_for(event)
    starts = [start] if rule is None else rule
    cancelled = cancelled_days(event) if rule is not None else frozenset()
    found = []
    for begin in starts:
        begin = begin.astimezone(PARIS)
        if before is not None and begin >= before:
            break
        if begin.date() in cancelled:
            continue
        end = plus_exact(begin, length)
        if after is not None and end <= after:
            continue
        found.append(Occurrence(event, begin, end))
    return found


def series_end(event) -> datetime:
    """The end of the last meeting (what the list's query filters on)."""
    rule = rule_for(event)
    if rule is None:
        return event.end
    cancelled = cancelled_days(event)
    starts = [begin for begin in rule if begin.astimezone(PARIS).date() not in cancelled]
    last = starts[-1] if starts else event.start
    return plus_exact(last, exact_length(event))


def rrule_parts(event) -> dict | None:
    """The RRULE's parts for icalendar (`vRecur`). UNTIL is in UTC, as RFC 5545 asks when
    the start carries a time zone."""
    if not event.recurrence_frequency:
        return None
    parts = {"FREQ": event.recurrence_frequency}
    if (event.recurrence_interval or 1) > 1:
        parts["INTERVAL"] = event.recurrence_interval
    if event.recurrence_until:
        parts["UNTIL"] = until_instant(event.recurrence_until).astimezone(ZoneInfo("UTC"))
    else:
        parts["COUNT"] = event.recurrence_count or MAX_OCCURRENCES
    return parts


def describe(event) -> str:
    """The rule in words: « tous les 2 mois, jusqu'au 15 décembre 2026 »."""
    if not event.recurrence_frequency:
        return ""
    interval = event.recurrence_interval or 1
    if interval == 1:
        text = str(Frequency(event.recurrence_frequency).label)
    elif event.recurrence_frequency == Frequency.WEEKLY:
        text = ngettext("toutes les %(n)d semaine", "toutes les %(n)d semaines", interval) % {
            "n": interval
        }
    elif event.recurrence_frequency == Frequency.MONTHLY:
        text = ngettext("tous les %(n)d mois", "tous les %(n)d mois", interval) % {"n": interval}
    else:
        text = ngettext("tous les %(n)d an", "tous les %(n)d ans", interval) % {"n": interval}
    if event.recurrence_until:
        from hub.agenda.dates import long_date

        return _("%(rule)s, jusqu'au %(date)s") % {
            "rule": text,
            "date": long_date(event.recurrence_until),
        }
    count = event.recurrence_count or MAX_OCCURRENCES
    return ngettext("%(rule)s, %(n)d séance", "%(rule)s, %(n)d séances", count) % {
        "rule": text,
        "n": count,
    }


def horizon(now, months=12) -> datetime:
    return now + timedelta(days=31 * months)
