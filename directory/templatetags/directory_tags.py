"""Template tags of the directory.

`{% freshness entry %}` shows how fresh an entry is: « Vérifié le 12 mars 2026 », and a
badge « À vérifier » once it is stale (see `directory.freshness`), with a link to the
"signaler une erreur" form when the entry has a public slug. Entry pages and result cards
use it; the styles are in `directory/css/directory.css`.
"""

from __future__ import annotations

from datetime import date

from django import template
from django.urls import reverse
from django.utils import formats, translation

from directory.freshness import freshness as compute_freshness

register = template.Library()


def long_date(value: date) -> str:
    """« 12 mars 2026 »; French writes the first day of a month « 1er mars 2026 »."""
    if value.day == 1 and (translation.get_language() or "").startswith("fr"):
        return "1er " + formats.date_format(value, "F Y")
    return formats.date_format(value, "j F Y")


@register.inclusion_tag("directory/includes/freshness.html")
def freshness(entry, always_link=False, today=None):
    """`always_link=True` offers the report link even when the entry is fresh (entry pages)."""
    info = compute_freshness(entry, today=today)
    slug = getattr(entry, "slug", "")
    report_url = ""
    if slug and (info.is_stale or always_link):
        report_url = reverse("directory:report", args=[slug])
    return {
        "entry": entry,
        "info": info,
        "verified_on_label": long_date(info.verified_on) if info.verified_on else "",
        "report_url": report_url,
    }
