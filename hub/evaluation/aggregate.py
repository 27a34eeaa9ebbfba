"""From the providers' rows to one value per period, for all territories or one.

A `Series` (hub/hooks.py) says how its rows add up:

- "sum" (counts): the rows of the period are added; a period without rows is 0;
- "mean" (scores): the mean of the period's rows, weighted by `weights` when given; a
  period without rows has no value (None);
- "last" (stocks): for each territory, the last row dated before the period ends (a
  stock carries over until it changes), then added over the territories; None when no
  territory has a row yet.

A series whose rows all have no territory is site-wide: the territory filter leaves it
whole, and the page says so. Everything here is plain Python over rows already read: one
pass per series, whatever the number of territories.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict

from hub.evaluation.periods import Period


def is_territorial(series) -> bool:
    return not series.rows or any(row[0] is not None for row in series.rows)


def _kept(series, territory_id):
    if territory_id is None or not is_territorial(series):
        return series.rows
    return [row for row in series.rows if row[0] == territory_id]


def _weights(series):
    if series.weights and len(series.weights) == len(series.rows):
        return series.weights
    return (1,) * len(series.rows)


def values(series, periods: list[Period], territory_id=None) -> list[float | None]:
    """One value per period (see the module's docstring)."""
    starts = [period.start for period in periods]
    first, last_end = periods[0].start, periods[-1].end

    def index_of(day):
        if day < first or day >= last_end:
            return None
        return bisect_right(starts, day) - 1

    if series.aggregate == "last":
        return _last(_kept(series, territory_id), periods)
    totals = [0.0] * len(periods)
    if series.aggregate == "mean":
        weights = [0.0] * len(periods)
        whole = territory_id is None or not is_territorial(series)
        pairs = zip(series.rows, _weights(series), strict=True)
        for (territory, day, value), weight in pairs:
            if not whole and territory != territory_id:
                continue
            index = index_of(day)
            if index is not None:
                totals[index] += value * weight
                weights[index] += weight
        return [t / w if w else None for t, w in zip(totals, weights, strict=True)]
    for _territory, day, value in _kept(series, territory_id):
        index = index_of(day)
        if index is not None:
            totals[index] += value
    return totals


def _last(rows, periods: list[Period]) -> list[float | None]:
    by_territory = defaultdict(list)
    for territory, day, value in rows:
        by_territory[territory].append((day, value))
    result: list[float | None] = [None] * len(periods)
    for found in by_territory.values():
        found.sort(key=lambda pair: pair[0])
        days = [day for day, _value in found]
        for index, period in enumerate(periods):
            # The rows dated strictly before the period's end; the last of them counts.
            position = bisect_left(days, period.end)
            if position:
                result[index] = (result[index] or 0.0) + found[position - 1][1]
    return result


def total(series, numbers: list[float | None]) -> float | None:
    """What the whole window amounts to: the sum of counts, the last known stock, the
    mean of the periods' means (None when nothing is known)."""
    known = [number for number in numbers if number is not None]
    if not known:
        return None
    if series.aggregate == "sum":
        return sum(known)
    if series.aggregate == "last":
        return known[-1]
    return sum(known) / len(known)


def french_number(value: float | None, decimals: int = 1) -> str:
    """« 1 234 », « 4,5 »; « — » for no value. Integers print without decimals."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u00a0")
    return f"{value:,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")


def csv_number(value: float | None, decimals: int = 1) -> str:
    """The same number for a French spreadsheet: no thousands separator, a decimal comma,
    an empty cell for no value."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.{decimals}f}".replace(".", ",")
