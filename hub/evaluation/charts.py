"""Bar charts as SVG drawn on the server: geometry only, the markup is
templates/evaluation/_chart.html (escaped by Django's templates).

Accessible by construction: the SVG is one image (`role="img"`) named by its `<title>`
and described by its `<desc>` (what the chart shows, its range and its highest value),
each bar carries its own `<title>` (period and value, read on hover), and the template
always follows the chart with its data table and the CSV of the same numbers. No value
is told by colour alone: the bars have one colour, the axis its numbers.
"""

from __future__ import annotations

import math

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 8, 12, 36


def _n(value: float) -> str:
    """A coordinate as text: templates would localise a float (« 12,5 ») inside the SVG."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 × 10^n at least `value` (the axis' top)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def chart(periods, numbers, label_every: int = 1, unit: str = "") -> dict:
    """Bars (x, y, width, height, title) and the axis' ticks for `numbers`, one per period;
    None draws no bar."""
    from hub.evaluation.aggregate import french_number

    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = nice_ceiling(max((n for n in numbers if n is not None), default=0))
    slot = plot_width / max(len(numbers), 1)
    bar_width = max(slot * 0.7, 1)
    bars, labels = [], []
    for index, (period, number) in enumerate(zip(periods, numbers, strict=True)):
        x = LEFT + index * slot + (slot - bar_width) / 2
        text = f"{period.label} : {french_number(number)}" + (f" {unit}" if unit else "")
        if number is None:
            text = f"{period.label} : pas de donnée"
        height = 0 if number is None else plot_height * number / top
        bars.append(
            {
                "x": _n(x),
                "y": _n(TOP + plot_height - height),
                "width": _n(bar_width),
                "height": _n(height),
                "title": text,
            }
        )
        if index % label_every == 0:
            labels.append({"x": _n(x + bar_width / 2), "text": period.short})
    ticks = [
        {"y": _n(TOP + plot_height * (1 - share)), "text": french_number(top * share)}
        for share in (0, 0.5, 1)
    ]
    return {
        "width": _n(WIDTH),
        "height": _n(HEIGHT),
        "left": _n(LEFT),
        "tick_x": _n(LEFT - 6),
        "right": _n(WIDTH - RIGHT),
        "baseline": _n(TOP + plot_height),
        "label_y": _n(HEIGHT - 12),
        "bars": bars,
        "labels": labels,
        "ticks": ticks,
    }


def describe(label, periods, numbers, unit) -> str:
    """The chart's `<desc>`: range, total or last value, highest period."""
    from hub.evaluation.aggregate import french_number

    known = [(p, n) for p, n in zip(periods, numbers, strict=True) if n is not None]
    span = f"de {periods[0].label} à {periods[-1].label}"
    if not known:
        return f"{label}, {span} : pas de donnée. Voir le tableau qui suit."
    best = max(known, key=lambda pair: pair[1])
    return (
        f"{label}, {span}, en {unit}. Valeur la plus haute : {french_number(best[1])} "
        f"({best[0].label}). Les valeurs de chaque période sont dans le tableau qui suit."
    )
