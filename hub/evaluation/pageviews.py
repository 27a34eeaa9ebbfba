"""Cookie-less page-view counts: one counter per section of the site and per month.

Nothing about the visitor is read: no cookie, no address, no account, no query string.
The middleware sits first in `MIDDLEWARE` (outside the anonymous page cache of
hub/cache.py, so that a page served from that cache counts too) and, for a GET answered
200 with HTML, adds one to the counter of the path's section and of the current month in
the default cache (`cache.incr`: Redis in production, shared by every worker). Every five
minutes `manage.py flush_page_views` moves the counters into `PageViewCount` rows
(`flush`): the dashboard reads the rows, never the cache.

A failing cache never fails a page: the view is then simply not counted.
"""

from __future__ import annotations

import logging
from datetime import date
from functools import partial

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger("maillage.evaluation")

KEY_PREFIX = "maillage-evaluation:vues"
# A counter lives long enough to be flushed even after a long outage of the scheduler.
COUNTER_SECONDS = 100 * 24 * 3600
# The months `flush` looks at: this one and the two before (a counter of last month is
# flushed in the first minutes of the new one).
FLUSHED_MONTHS = 3

# (path prefix, section), the first match wins; "/" alone is the home page.
PREFIXES = (
    ("/charte/", "charte"),
    ("/guide/", "guide"),
    ("/annuaire/", "annuaire"),
    ("/api/annuaire", "annuaire"),
    ("/qui-contacter/", "qui-contacter"),
    ("/agenda/", "agenda"),
    ("/formations/", "formations"),
    ("/espace-partenaires/", "espaces"),
    ("/recherche/", "recherche"),
)
SECTIONS = (
    ("accueil", "Accueil"),
    ("charte", "Charte"),
    ("guide", "Guide"),
    ("annuaire", "Annuaire"),
    ("qui-contacter", "Qui contacter ?"),
    ("agenda", "Agenda"),
    ("formations", "Formations"),
    ("espaces", "Espaces partenaires"),
    ("recherche", "Recherche"),
    ("autre", "Autres pages"),
)
SECTION_LABELS = dict(SECTIONS)
# Not the site's use: the editors' and the operators' screens.
NOT_COUNTED = ("/admin/", "/django-admin/")


def section_of(path: str) -> str | None:
    """The section of `path`; None for the paths that are not counted."""
    if path == "/":
        return "accueil"
    if path.startswith(NOT_COUNTED):
        return None
    for prefix, section in PREFIXES:
        if path.startswith(prefix):
            return section
    return "autre"


def month_start(day: date) -> date:
    return day.replace(day=1)


def counter_key(section: str, month: date) -> str:
    return f"{KEY_PREFIX}:{month:%Y-%m}:{section}"


def counters():
    """Where the counters live: the default cache (Redis in production)."""
    return caches["default"]


def _redis_client(cache, key):
    """The Redis connection behind Django's Redis cache, or None for another backend."""
    if isinstance(cache, RedisCache):
        return cache._cache.get_client(key, write=True)
    return None


def count(section: str, today: date | None = None) -> None:
    """One more view of `section` this month (Paris time).

    With Redis, one round trip: its INCR makes a missing counter (Django's `incr` asks
    first whether the key exists, a second round trip on every page); the month's first
    view sets the counter's lifetime. Django's Redis cache stores integers as they are,
    so `cache.get` and `cache.decr` read these counters as usual."""
    key = counter_key(section, month_start(today or timezone.localdate()))
    cache = counters()
    client = _redis_client(cache, key)
    if client is not None:
        stored = cache.make_and_validate_key(key)
        if client.incr(stored) == 1:
            client.expire(stored, COUNTER_SECONDS)
        return
    try:
        cache.incr(key)
    except ValueError:  # the month's first view (or an evicted counter)
        if not cache.add(key, 1, COUNTER_SECONDS):
            cache.incr(key)  # another worker made it meanwhile


def is_counted(request, response) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
    )


def count_quietly(section: str) -> None:
    try:
        count(section)
    except Exception:  # the cache is down: the page is served, not counted
        logger.warning("pages vues : le cache ne répond pas", exc_info=True)


class PageViewMiddleware:
    """First in the list: it sees every answer, the page cache's hits included.

    The count is made when the response is closed, which the WSGI server does once the
    page is sent (Django's `HttpResponse.close()` runs the response's closers): the
    round trip to the cache is not in the visitor's wait."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_counted(request, response):
            section = section_of(request.path_info)
            if section is not None:
                closers = getattr(response, "_resource_closers", None)
                if closers is None:
                    count_quietly(section)
                else:
                    closers.append(partial(count_quietly, section))
        return response


def previous_months(today: date, number: int) -> list[date]:
    months, month = [], month_start(today)
    for _ in range(number):
        months.append(month)
        month = month_start(date.fromordinal(month.toordinal() - 1))
    return months


def flush(today: date | None = None) -> int:
    """Add the cache's counters to the `PageViewCount` rows and take them off the cache.

    Each counter is moved in one transaction: its row is incremented, then the counter is
    decremented by what was read (`cache.decr`, atomic in Redis: views counted meanwhile
    stay for the next flush). Run twice, the second run finds nothing to move. Returns the
    number of views moved."""
    from hub.evaluation.models import PageViewCount

    today = today or timezone.localdate()
    keys = {
        counter_key(section, month): (section, month)
        for month in previous_months(today, FLUSHED_MONTHS)
        for section, _label in SECTIONS
    }
    cache = counters()
    found = cache.get_many(list(keys))
    moved = 0
    for key, value in found.items():
        value = int(value or 0)
        if value <= 0:
            continue
        section, month = keys[key]
        with transaction.atomic():
            row, _created = PageViewCount.objects.select_for_update().get_or_create(
                section=section, month=month
            )
            PageViewCount.objects.filter(pk=row.pk).update(count=F("count") + value)
            cache.decr(key, value)
        moved += value
    return moved
