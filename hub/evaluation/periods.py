"""The dashboard's periods: months (two years by default) or years, in French."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
SHORT_MONTHS = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)
VIEWS = {"mois": 24, "annee": 8}  # the view and how many periods it shows
DEFAULT_VIEW = "mois"


@dataclass(frozen=True)
class Period:
    start: date  # first day, included
    end: date  # first day of the next period, excluded
    label: str  # « mars 2026 », « 2026 »
    short: str  # under a bar: « mars 26 », « 2026 »


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def months_until(today: date, number: int) -> list[Period]:
    first = date(today.year, today.month, 1)
    for _ in range(number - 1):
        first = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    periods, start = [], first
    for _ in range(number):
        end = _next_month(start)
        periods.append(
            Period(
                start,
                end,
                f"{MONTHS[start.month - 1]} {start.year}",
                f"{SHORT_MONTHS[start.month - 1]} {start.year % 100:02d}",
            )
        )
        start = end
    return periods


def years_until(today: date, number: int) -> list[Period]:
    return [
        Period(date(year, 1, 1), date(year + 1, 1, 1), str(year), str(year))
        for year in range(today.year - number + 1, today.year + 1)
    ]


def periods_for(view: str, today: date) -> list[Period]:
    number = VIEWS.get(view, VIEWS[DEFAULT_VIEW])
    return years_until(today, number) if view == "annee" else months_until(today, number)
