"""Cookie-less page-view counts: counted per section and month in the cache (the page
cache's hits too), moved into the database by `flush_page_views`, idempotently, and shown
on the dashboard. Nothing about the visitor is kept."""

import io
from datetime import date

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from hub.evaluation import pageviews
from hub.evaluation.models import PageViewCount
from hub.evaluation.pageviews import counter_key, flush, section_of
from tests.evaluation.conftest import client_for
from tests.evaluation.support import values_of


@pytest.mark.no_django_db
@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("/", "accueil"),
        ("/charte/", "charte"),
        ("/guide/logement/", "guide"),
        ("/annuaire/cmp-metz/", "annuaire"),
        ("/qui-contacter/", "qui-contacter"),
        ("/agenda/archives/", "agenda"),
        ("/formations/", "formations"),
        ("/espace-partenaires/commun/", "espaces"),
        ("/recherche/", "recherche"),
        ("/territoires/metz/", "autre"),
        ("/admin/pages/", None),
    ],
)
def test_each_path_has_its_section(path, section):
    assert section_of(path) == section


def this_month(section):
    return cache.get(counter_key(section, timezone.localdate().replace(day=1)))


def test_html_pages_served_are_counted_by_section_and_nothing_else(territories):
    client = client_for()
    assert client.get("/agenda/").status_code == 200
    assert client.get("/agenda/").status_code == 200
    assert client.get("/evaluation/synthese/").status_code == 200
    assert this_month("agenda") == 2
    assert this_month("autre") == 1
    # Not counted: an error, a redirect, a feed (not HTML), a POST.
    assert client.get("/agenda/nulle-part/").status_code == 404
    assert client.get("/evaluation/").status_code == 302
    assert client.get("/agenda/flux.ics").status_code == 200
    client.post("/agenda/")
    assert this_month("agenda") == 2 and this_month("autre") == 1
    # No cookie is set and nothing of the visitor is kept: the keys name a month and a
    # section only.
    assert not client.get("/agenda/").cookies


def test_the_page_caches_hits_are_counted_too(settings, territories):
    settings.MAILLAGE_PAGE_CACHE_SECONDS = 300
    position = settings.MIDDLEWARE.index("hub.evaluation.pageviews.PageViewMiddleware")
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[: position + 1],
        "hub.cache.AnonymousPageCacheMiddleware",
        *settings.MIDDLEWARE[position + 1 :],
    ]
    client = client_for()
    assert client.get("/agenda/")["X-Maillage-Cache"] == "miss"
    assert client.get("/agenda/")["X-Maillage-Cache"] == "hit"
    assert this_month("agenda") == 2


def test_flush_moves_the_counters_once(territories):
    client = client_for()
    for _ in range(3):
        client.get("/agenda/")
    out = io.StringIO()
    call_command("flush_page_views", stdout=out)
    assert "3 page(s) vue(s)" in out.getvalue()
    month = timezone.localdate().replace(day=1)
    assert PageViewCount.objects.get(section="agenda", month=month).count == 3
    assert flush() == 0  # run again: nothing more
    assert PageViewCount.objects.get(section="agenda", month=month).count == 3
    client.get("/agenda/")
    assert flush() == 1
    assert PageViewCount.objects.get(section="agenda", month=month).count == 4
    assert PageViewCount.objects.count() == 1


def test_flush_takes_last_months_counters_in_the_new_month(territories):
    pageviews.count("guide", date(2026, 3, 31))
    pageviews.count("guide", date(2026, 3, 31))
    pageviews.count("guide", date(2026, 4, 1))
    assert flush(today=date(2026, 4, 1)) == 3
    counts = dict(PageViewCount.objects.values_list("month", "count"))
    assert counts == {date(2026, 3, 1): 2, date(2026, 4, 1): 1}


def test_the_dashboard_reads_the_rows(territories):
    month = timezone.localdate().replace(day=1)
    PageViewCount.objects.create(section="annuaire", month=month, count=1234)
    html = client_for().get("/evaluation/synthese/").content.decode()
    views = values_of(html, "Pages vues : Annuaire")
    assert list(views.values())[-1] == 1234
    assert "1\u00a0234" in html


@pytest.fixture
def redis_counters(monkeypatch):
    """The counters in a real Redis (database 15, a prefix of this test's own), when one
    answers on 127.0.0.1:6379, as in production."""
    import uuid

    from django.core.cache.backends.redis import RedisCache

    redis = RedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    try:
        redis.get("ping")
    except Exception:
        pytest.skip("pas de Redis sur 127.0.0.1:6379")
    monkeypatch.setattr(pageviews, "counters", lambda: redis)
    yield redis
    redis.delete_many(
        [counter_key(s, m) for s, _l in pageviews.SECTIONS for m in pageviews.previous_months(
            timezone.localdate(), 3)]
    )  # fmt: skip


def test_with_redis_one_incr_per_view_and_the_flush_reads_them(redis_counters, territories):
    client = client_for()
    for _ in range(3):
        client.get("/agenda/")
    key = counter_key("agenda", timezone.localdate().replace(day=1))
    assert redis_counters.get(key) == 3
    ttl = redis_counters._cache.get_client(key).ttl(redis_counters.make_and_validate_key(key))
    assert 0 < ttl <= pageviews.COUNTER_SECONDS
    assert flush() == 3
    assert flush() == 0
    assert redis_counters.get(key) == 0
    client.get("/agenda/")
    assert flush() == 1
    month = timezone.localdate().replace(day=1)
    assert PageViewCount.objects.get(section="agenda", month=month).count == 4
