"""Benchmark of the evaluation dashboard with 300 territories and two years of figures
(issue 16).

Not a test: run it by hand, then copy the table into docs/benchmarks.md.

    .venv/bin/python bench/evaluation_dashboard.py [--territories 300] [--requests 30]

It migrates a fresh SQLite database in a temporary directory (removed at the end), loads
the communes (`load_communes`, for directory/synthetic.py), then writes SYNTHETIC rows,
all marked « [Banc d'essai] » or `synthetique`: `--territories` territory pages, one
coordination instance per territory (created over the last three years), `--entries`
directory entries (`directory.synthetic.create_entries`: a structure, its service and its
contact each) spread over the territories, `--events` events over the last two years (one
in ten recurring monthly, six meetings; tiers public 60 %, partners 20 %, the partner's
family 10 %, the instance 10 %), a zero-result count per day and page views per section
and month for two years. Trainings-like figures (people trained per territory and month,
an evaluation score weighted by its answers) come from a provider registered by this script
under `maillage_evaluation_series`, since the trainings' own tables are not filled here.

Then, for one accredited partner (in a family and an instance), through Django's test
client in this process (no HTTP server): `/evaluation/` and `/evaluation/?territoire=…`
warm (the computed dashboard is in the cache: what a reader gets but the first in five
minutes), then computed on every request (`MAILLAGE_EVALUATION_CACHE_SECONDS=0`: the
providers' grouped queries, the aggregation and the rendering of the charts), and the
public summary warm. Reported: median and p95 wall time, median CPU time, and the added
cost of the page-view counting per request (the middleware alone, with the local-memory
cache and, when one answers on 127.0.0.1:6379, Redis).

Goal (issue 16): the dashboard renders in at most 300 ms (p95, warm).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC = "[Banc d'essai]"


def setup_django(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "hub.settings.dev"
    os.environ["DEBUG"] = "false"  # with DEBUG on, Django keeps every query in memory
    os.environ["CI"] = "1"
    os.environ["MAILLAGE_VAR_DIR"] = str(database.parent)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def months_back(today: date, number: int) -> list[date]:
    first, months = today.replace(day=1), []
    for _ in range(number):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return months[::-1]


def prepare(options) -> tuple[object, str]:
    """Write the synthetic rows; returns (the partner, a territory's slug)."""
    import io

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.models import Site

    from directory.models import CoordinationInstance, Organisation
    from directory.synthetic import create_entries
    from hub.accounts.models import AccountProfile, PartnerFamily
    from hub.agenda import recurrence
    from hub.agenda.models import Event, EventKind
    from hub.evaluation.models import PageViewCount
    from hub.evaluation.pageviews import SECTIONS
    from hub.models import TerritoryPage
    from search.models import ZeroResultCount

    started = time.perf_counter()
    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_communes", stdout=io.StringIO())
    rng = random.Random(options.seed)
    root = Site.objects.get(is_default_site=True).root_page
    pages = []
    for index in range(options.territories):
        page = TerritoryPage(
            title=f"{SYNTHETIC} Territoire {index + 1}",
            slug=f"banc-{index + 1}",
            short_name=f"Banc {index + 1}",
            department_code="00",
            region=SYNTHETIC,
            perimeter=SYNTHETIC,
            partnership_name=f"{SYNTHETIC} Partenariat {index + 1}",
        )
        root.add_child(instance=page)
        pages.append(page)
    today = timezone.localdate()
    instances = []
    for index, page in enumerate(pages):
        instances.append(
            CoordinationInstance.objects.create(
                name=f"{SYNTHETIC} Instance {index + 1}",
                slug=f"banc-instance-{index + 1}",
                kind="clsm",
                territory_page=page,
                created_on=today - timedelta(days=rng.randint(0, 3 * 365)),
                verified_on=today - timedelta(days=rng.randint(0, 400)),
            )
        )
    create_entries(options.entries, seed=options.seed)
    Through = Organisation.territories.through
    Through.objects.bulk_create(
        [
            Through(organisation_id=pk, territorypage_id=rng.choice(pages).pk)
            for pk in Organisation.objects.values_list("pk", flat=True)
        ],
        batch_size=2000,
    )
    family = PartnerFamily.objects.select_related("group").get(slug="bailleurs-gestionnaires")
    user = get_user_model().objects.create_user(
        username="banc.partenaire", email="banc@example.org", password="banc-essai-2026"
    )
    user.groups.add(family.group, instances[0].group)
    AccountProfile.objects.create(
        user=user,
        organisation=SYNTHETIC,
        job_role=SYNTHETIC,
        expires_on=today + timedelta(days=200),
    )
    now = timezone.now().astimezone(recurrence.PARIS).replace(minute=0, second=0, microsecond=0)
    tiers = [("public", 0.6), ("partners", 0.2), ("family", 0.1), ("instance", 0.1)]
    rows, groups = [], []
    for index in range(options.events):
        start = now - timedelta(days=rng.randint(0, 730), hours=rng.randint(-6, 6))
        tier = rng.choices([t for t, _ in tiers], [w for _, w in tiers])[0]
        event = Event(
            title=f"{SYNTHETIC} Réunion n° {index + 1}",
            kind=rng.choice(list(EventKind.values)),
            territory=rng.choice(pages),
            start=start,
            end=start + timedelta(hours=2),
            access_tier=tier,
        )
        if index % 10 == 0:
            event.recurrence_frequency = "MONTHLY"
            event.recurrence_count = 6
        event.series_end = recurrence.series_end(event)
        rows.append(event)
        groups.append({"family": family.group_id, "instance": instances[0].group_id}.get(tier))
    Event.objects.bulk_create(rows, batch_size=1000)
    EventGroups = Event.access_groups.through
    EventGroups.objects.bulk_create(
        [EventGroups(event_id=e.pk, group_id=g) for e, g in zip(rows, groups, strict=True) if g],
        batch_size=2000,
    )
    ZeroResultCount.objects.bulk_create(
        [
            ZeroResultCount(day=today - timedelta(days=n), count=rng.randint(0, 40))
            for n in range(730)
        ]
    )
    PageViewCount.objects.bulk_create(
        [
            PageViewCount(section=section, month=month, count=rng.randint(100, 50_000))
            for month in months_back(today, 24)
            for section, _label in SECTIONS
        ]
    )
    register_trainings_like(pages, today, rng)
    print(
        f"  {len(pages)} territories, {Organisation.objects.count()} structures, "
        f"{len(rows)} events prepared in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return user, pages[len(pages) // 2].slug


def register_trainings_like(pages, today, rng) -> None:
    """Trainings-like figures for every territory and month: people trained (a count) and
    an evaluation score (a mean weighted by its answers), as a trainings provider returns."""
    from wagtail import hooks

    from hub.hooks import EVALUATION_SERIES, Series

    months = months_back(today, 24)
    trained = tuple((p.pk, m, float(rng.randint(0, 12))) for p in pages for m in months)
    scores = tuple((p.pk, m, rng.uniform(2.5, 5)) for p in pages for m in months)
    answers = tuple(rng.randint(1, 12) for _ in scores)

    def provider(audience):
        return [
            Series(
                "banc-personnes-formees", "Personnes formées (banc)", "personnes",
                "Formations (banc)", trained, SYNTHETIC,
            ),
            Series(
                "banc-score", "Score à chaud (banc)", "score sur 5", "Formations (banc)",
                scores, SYNTHETIC, "mean", answers,
            ),
        ]  # fmt: skip

    hooks.register(EVALUATION_SERIES, provider, order=40)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def measure(label: str, client, url: str, requests: int) -> dict:
    def get():
        response = client.get(url, SERVER_NAME="localhost")
        if response.status_code != 200:
            sys.exit(f"{label} a répondu {response.status_code} : {response.content[:300]!r}")
        return response

    first = get()  # warm-up (and, when cached, fills the cache)
    timings, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        get()
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return {
        "label": label,
        "median": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "cpu": statistics.median(cpu),
        "charts": first.content.count(b"<svg"),
        "size": len(first.content),
    }


def counting_cost(cache_label: str, cache, loops: int) -> str:
    """The page-view middleware alone around a ready answer: microseconds added per
    request, wall (with Redis: the round trip, which a loaded machine stretches) and CPU
    of this process."""
    from unittest import mock

    from django.http import HttpResponse
    from django.test import RequestFactory

    from hub.evaluation import pageviews

    request = RequestFactory().get("/agenda/")
    # The whole cost, the count made when the response is closed (after it is sent) too.
    counted_middleware = pageviews.PageViewMiddleware(lambda request: HttpResponse("<p>x</p>"))

    def counted(request):
        counted_middleware(request).close()

    def bare(request):
        HttpResponse("<p>x</p>").close()

    with mock.patch.object(pageviews, "counters", lambda: cache):
        counted(request)
        started, started_cpu = time.perf_counter(), time.process_time()
        for _ in range(loops):
            counted(request)
        with_count = time.perf_counter() - started
        with_cpu = time.process_time() - started_cpu
        started, started_cpu = time.perf_counter(), time.process_time()
        for _ in range(loops):
            bare(request)
        without = time.perf_counter() - started
        without_cpu = time.process_time() - started_cpu
        cache.delete_many(
            [pageviews.counter_key("agenda", date.today().replace(day=1))]
        )  # fmt: skip
    added = (with_count - without) / loops * 1e6
    cpu = (with_cpu - without_cpu) / loops * 1e6
    return f"| page-view counting, {cache_label} | {added:.0f} µs | {cpu:.0f} µs |"


def counting_lines() -> list[str]:
    from django.core.cache import caches

    lines = [counting_cost("local memory", caches["default"], 20_000)]
    try:
        from django.core.cache.backends.redis import RedisCache

        redis = RedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": "banc-evaluation"})
        redis.get("ping")
        lines.append(counting_cost("Redis on 127.0.0.1", redis, 2_000))
    except Exception as error:  # no Redis here
        lines.append(f"| page-view counting, Redis | not measured ({error}) | |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--territories", type=int, default=300)
    parser.add_argument("--entries", type=int, default=6_000)
    parser.add_argument("--events", type=int, default=12_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument(
        "--counting-only", action="store_true", help="only the page-view counting's cost"
    )
    options = parser.parse_args()
    if options.counting_only:
        with tempfile.TemporaryDirectory(prefix="bench-evaluation-") as directory:
            setup_django(Path(directory) / "bench.sqlite3")
            for line in counting_lines():
                print(line)
        return

    with tempfile.TemporaryDirectory(prefix="bench-evaluation-") as directory:
        setup_django(Path(directory) / "bench.sqlite3")
        from django.test import Client, override_settings

        user, territory = prepare(options)
        client = Client()
        client.force_login(user)
        results = [
            measure("partners, every territory, warm", client, "/evaluation/", options.requests),
            measure(
                "partners, one territory, warm",
                client,
                f"/evaluation/?territoire={territory}",
                options.requests,
            ),
            measure("public summary, warm", Client(), "/evaluation/synthese/", options.requests),
            measure(
                "partners, yearly view, warm", client, "/evaluation/?vue=annee", options.requests
            ),
        ]
        with override_settings(MAILLAGE_EVALUATION_CACHE_SECONDS=0):
            computed = max(5, options.requests // 3)
            results.append(
                measure("partners, every territory, computed", client, "/evaluation/", computed)
            )
            results.append(
                measure("public summary, computed", Client(), "/evaluation/synthese/", computed)
            )
        counting = counting_lines()

    print(f"\n{date.today()} · {platform.node()} · {os.cpu_count()} CPU · Python "
          f"{platform.python_version()} · {options.territories} territories")  # fmt: skip
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}\n")
    print("| request | median | p95 | CPU (median) | charts | size |")
    print("|---|---|---|---|---|---|")
    for row in results:
        print(
            f"| {row['label']} | {row['median']:.0f} ms | {row['p95']:.0f} ms | "
            f"{row['cpu']:.0f} ms | {row['charts']} | {row['size'] // 1024} KiB |"
        )
    print("\n| added to each HTML page | wall | CPU |\n|---|---|---|")
    for line in counting:
        print(line)


if __name__ == "__main__":
    main()
