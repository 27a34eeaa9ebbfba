"""Benchmark of the agenda's calendar feeds with 5,000 events (issue 16).

Not a test: run it by hand, then copy the table into docs/benchmarks.md.

    .venv/bin/python bench/agenda_feed.py [--events 5000] [--requests 20]

It migrates a fresh SQLite database in a temporary directory (removed at the end), then
writes SYNTHETIC rows, all titled « [Banc d'essai] … »: `--territories` territory pages,
one coordination instance, one accredited partner (in the « bailleurs et gestionnaires »
family and in the instance) and `--events` events (`bulk_create`), spread over the feeds'
window (from eleven months ago to twelve months ahead, so that every event is in a feed),
one in five recurring (monthly, twelve meetings). Tiers: public 60 %, partners 20 %, the
partner's family 10 %, the instance 10 %: the personal feed carries every event, the
public feed the public ones.

Each feed is requested once untimed (warm-up), then `--requests` times through Django's
test client (warm: the VEVENTs hub/agenda/ical.py keeps in the process are reused, as
between two changes of the events), then a quarter as many times (at least 5) with that
store emptied before each request (cold: as after a restart, every VEVENT written by
icalendar again); all in this process (no HTTP server: the time is the view, the
middleware, the query and the iCalendar writing; not the network). The page cache is off
(`hub.settings.dev`), so every request renders. Reported: median and p95 of the wall time,
median CPU time of the process (steadier on a shared machine), the number of VEVENTs, and the
body size.

Goal (issue 16): a feed of 5,000 events in at most 200 ms.
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
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC = "[Banc d'essai]"


def setup_django(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "hub.settings.dev"
    # Production-like: with DEBUG on, Django keeps every query in memory.
    os.environ["DEBUG"] = "false"
    os.environ["CI"] = "1"
    os.environ["MAILLAGE_VAR_DIR"] = str(database.parent)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(events: int, territories: int, seed: int) -> tuple[str, str]:
    """Write the synthetic rows; returns (a territory's slug, the partner's feed token)."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.models import Site

    from directory.models import CoordinationInstance
    from hub.accounts.models import AccountProfile, PartnerFamily
    from hub.agenda import recurrence
    from hub.agenda.models import Event, EventKind, FeedToken
    from hub.models import TerritoryPage

    started = time.perf_counter()
    call_command("migrate", "--noinput", verbosity=0)
    root = Site.objects.get(is_default_site=True).root_page
    pages = []
    for index in range(territories):
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
    family = PartnerFamily.objects.select_related("group").get(slug="bailleurs-gestionnaires")
    instance = CoordinationInstance.objects.create(
        name=f"{SYNTHETIC} Instance", slug="banc-instance", kind="clsm"
    )
    user = get_user_model().objects.create_user(
        username="banc.partenaire", email="banc@example.org", password="banc-essai-2026"
    )
    user.groups.add(family.group, instance.group)
    AccountProfile.objects.create(
        user=user,
        organisation=SYNTHETIC,
        job_role=SYNTHETIC,
        expires_on=timezone.localdate() + timedelta(days=200),
    )
    token = FeedToken.issue(user)

    rng = random.Random(seed)
    now = timezone.now().astimezone(recurrence.PARIS).replace(minute=0, second=0, microsecond=0)
    tiers = [("public", 0.6), ("partners", 0.2), ("family", 0.1), ("instance", 0.1)]
    kinds = list(EventKind.values)
    rows, groups = [], []
    for index in range(events):
        start = now + timedelta(days=rng.randint(-330, 365), hours=rng.randint(-6, 6))
        tier = rng.choices([t for t, _ in tiers], [w for _, w in tiers])[0]
        event = Event(
            title=f"{SYNTHETIC} Réunion n° {index + 1}",
            kind=rng.choice(kinds),
            territory=rng.choice(pages),
            description=f"{SYNTHETIC} Événement synthétique du banc d'essai des flux.",
            place=f"{SYNTHETIC} Salle {index % 97}",
            start=start,
            end=start + timedelta(hours=2),
            access_tier=tier,
        )
        if index % 5 == 0:
            event.recurrence_frequency = "MONTHLY"
            event.recurrence_count = 12
        event.series_end = recurrence.series_end(event)
        rows.append(event)
        groups.append({"family": family.group_id, "instance": instance.group_id}.get(tier))
    Event.objects.bulk_create(rows, batch_size=1000)
    Through = Event.access_groups.through
    Through.objects.bulk_create(
        [
            Through(event_id=event.pk, group_id=group)
            for event, group in zip(rows, groups, strict=True)
            if group
        ],
        batch_size=2000,
    )
    print(
        f"  {territories} territories, {events} events prepared in "
        f"{time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return pages[0].slug, token


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th)."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def measure(label: str, url: str, requests: int, cold: bool = False) -> dict:
    """`cold`: the VEVENTs kept in the process (hub/agenda/ical.py) are dropped before each
    request, as after a restart; otherwise they are reused, as between two changes."""
    from django.test import Client

    from hub.agenda import ical

    client = Client()  # no session: as a calendar app reads a feed

    def get():
        response = client.get(url, SERVER_NAME="localhost")
        if response.status_code != 200:
            sys.exit(f"{label} a répondu {response.status_code} : {response.content[:300]!r}")
        return response

    first = get()  # warm-up: imports, the VTIMEZONE, SQLite pages
    timings, cpu = [], []
    for _ in range(requests):
        if cold:
            ical._vevents.clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        get()
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return {
        "label": label + (" (cold)" if cold else ""),
        "events": first.content.count(b"BEGIN:VEVENT"),
        "median": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "cpu": statistics.median(cpu),
        "size": len(first.content),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--territories", type=int, default=10)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--seed", type=int, default=16)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-agenda-") as directory:
        setup_django(Path(directory) / "bench.sqlite3")
        territory, token = prepare(options.events, options.territories, options.seed)
        feeds = [
            ("public feed, every territory", "/agenda/flux.ics"),
            ("public feed, one territory", f"/agenda/flux/{territory}.ics"),
            ("personal feed (every tier)", f"/agenda/flux/personnel.ics?jeton={token}"),
        ]
        cold_requests = max(5, options.requests // 4)
        rows = [measure(label, url, options.requests) for label, url in feeds]
        rows += [measure(label, url, cold_requests, cold=True) for label, url in feeds]

    import sqlite3

    import django
    import icalendar

    load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"icalendar {icalendar.__version__}, SQLite {sqlite3.sqlite_version}, "
        f"{os.cpu_count()} CPU, load average {load} (1/5/15 min) at the end; "
        f"{options.events} synthetic events over {options.territories} territories, "
        f"{options.requests} requests per warm row and {max(5, options.requests // 4)} per cold "
        "row, after one warm-up\n"
    )
    print("| Feed | VEVENTs | Median | p95 | CPU (median) | Body |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['label']} | {row['events']:,} | {row['median']:.0f} ms | "
            f"{row['p95']:.0f} ms | {row['cpu']:.0f} ms | {row['size'] / 1e6:.2f} MB |"
        )


if __name__ == "__main__":
    main()
