"""The dashboard's figures for one audience: collected from the apps' providers
(`maillage_evaluation_series`, hub/hooks.py), reduced to one value per period, and kept in
the cache per audience.

The providers count only what the audience may see (each reads through `hub.access`,
with `hub.evaluation.readers.reader_for(audience)`); the public summary asks them for the
anonymous audience, so it holds public figures only.

The computed dashboard is cached as the site chrome is (hub/chrome.py): keyed by the
digest of the audience (`hub.chrome.audience_key`, never a user id), the territory, the
view and the day, stored with the page cache's version token (`hub.cache`) so that a
publication or a change of an entry empties it, and for `MAILLAGE_EVALUATION_CACHE_SECONDS`
(300 by default) at most, since searches and page views change without that signal.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language

from hub.access import visible_pages
from hub.cache import VERSION_KEY, current_version, page_cache
from hub.chrome import audience_key
from hub.evaluation import aggregate, charts
from hub.evaluation.periods import periods_for
from hub.evaluation.readers import reader_for
from hub.hooks import EVALUATION_SERIES, collect

logger = logging.getLogger("maillage.evaluation")

KEY_PREFIX = "maillage-evaluation:tableau"
DEFAULT_SECONDS = 300


def cache_seconds() -> int:
    return int(getattr(settings, "MAILLAGE_EVALUATION_CACHE_SECONDS", DEFAULT_SECONDS) or 0)


def collect_series(audience) -> list:
    """Every provider's series for `audience`, in the hook's order."""
    found = []
    for provider in collect(EVALUATION_SERIES):
        found += provider(audience)
    return found


def build(audience, territory_id=None, view="mois", today=None) -> dict:
    """Plain data (cached as is): the periods and, per section, each figure's values, its
    chart's geometry, its table's cells and its CSV's numbers."""
    today = today or timezone.localdate()
    periods = periods_for(view, today)
    label_every = 3 if view == "mois" else 1
    sections: dict[str, list] = {}
    for series in collect_series(audience):
        numbers = aggregate.values(series, periods, territory_id)
        whole = aggregate.total(series, numbers)
        sections.setdefault(series.section, []).append(
            {
                "key": series.key,
                "label": series.label,
                "unit": series.unit,
                "source": series.source,
                "aggregate": series.aggregate,
                "territorial": aggregate.is_territorial(series),
                "rows": [
                    {
                        "period": period.label,
                        "text": aggregate.french_number(number),
                        "csv": aggregate.csv_number(number),
                    }
                    for period, number in zip(periods, numbers, strict=True)
                ],
                "total": aggregate.french_number(whole),
                "total_csv": aggregate.csv_number(whole),
                "chart": charts.chart(periods, numbers, label_every, series.unit),
                "description": charts.describe(series.label, periods, numbers, series.unit),
            }
        )
    return {
        "view": view,
        "first": periods[0].label,
        "last": periods[-1].label,
        "sections": [{"title": title, "figures": figures} for title, figures in sections.items()],
    }


def render_figures(data: dict, territory, public: bool) -> str:
    """The sections' HTML (charts, tables, CSV links): rendered once per cached copy, since
    a few hundred bars cost more to render than to count."""
    from django.template.loader import render_to_string

    pairs = [("territoire", territory.slug)] if territory is not None else []
    query = urlencode([*pairs, ("vue", data["view"])])
    return str(
        render_to_string(
            "evaluation/_sections.html",
            {"data": data, "territory": territory, "public": public, "query": query},
        )
    )


def _computed(audience, territory, view, public, today) -> dict:
    data = build(audience, territory.pk if territory else None, view, today)
    html = render_figures(data, territory, public)
    # Once drawn, the charts' geometry is only in the HTML: the cached copy (read on every
    # request) keeps the rows the CSV files need, not the bars.
    for section in data["sections"]:
        for found in section["figures"]:
            found.pop("chart"), found.pop("description")
    return {"data": data, "html": html}


def _key(audience, territory, view, public, today) -> str:
    parts = "\n".join(
        [audience_key(audience), str(territory.pk if territory else ""), view, str(public)]
        + [today.isoformat(), get_language() or settings.LANGUAGE_CODE]
    )
    return f"{KEY_PREFIX}:{hashlib.sha256(parts.encode()).hexdigest()}"


def _cached(key: str, compute):
    """`compute()`, or its copy kept under `key` with the page cache's version token."""
    seconds = cache_seconds()
    if seconds <= 0:
        return compute()
    try:
        cache = page_cache()
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or current_version(cache)
        stored = found.get(key)
        if stored is not None and stored[0] == version:
            return stored[1]
    except Exception:  # the cache is down: computed
        logger.exception("évaluation : le cache ne répond pas")
        return compute()
    value = compute()
    try:
        cache.set(key, (version, value), seconds)
    except Exception:
        logger.exception("évaluation : le cache ne répond pas")
    return value


def dashboard_for(audience, territory=None, view="mois", public=False) -> dict:
    """{"data": `build`'s result, "html": its figures rendered}, from the cache when the
    same audience asked for it since the last change (and less than `cache_seconds()`
    ago)."""
    today = timezone.localdate()
    return _cached(
        _key(audience, territory, view, public, today),
        lambda: _computed(audience, territory, view, public, today),
    )


@dataclass(frozen=True)
class Territory:
    pk: int
    slug: str
    title: str


def territories_for(audience) -> list[Territory]:
    """The live territory pages `audience` may see, by title (the filter's choices),
    cached per audience like the dashboard."""
    from hub.models import TerritoryPage

    def compute():
        pages = visible_pages(reader_for(audience), TerritoryPage.objects.live())
        rows = pages.order_by("title").values_list("pk", "slug", "title")
        return [Territory(*row) for row in rows]

    digest = hashlib.sha256(audience_key(audience).encode()).hexdigest()
    return _cached(f"{KEY_PREFIX}:territoires:{digest}", compute)


def figure(data: dict, key: str) -> dict | None:
    for section in data["sections"]:
        for found in section["figures"]:
            if found["key"] == key:
                return found
    return None
