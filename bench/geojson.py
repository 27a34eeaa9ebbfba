"""Benchmark of `/api/annuaire.geojson` with 20,000 entries (the map's data).

Not a test: run it by hand, then copy the table into docs/benchmarks.md.

    .venv/bin/python bench/geojson.py [--documents 20000] [--requests 20]

It migrates a fresh SQLite database in a temporary directory, loads the communes
gazetteer (35,014 real communes, for real positions), then writes N search documents
directly with `bulk_create` (source "bench.synthetic", distinct object ids, spread over
random real communes, each with its type, thematique and commune facets; no directory
objects behind them: the GeoJSON view reads only the search documents). All are public,
so that an anonymous visitor gets every one of them: the worst case for the response.

Each scenario is requested once untimed (warm-up), then `--requests` times through
Django's test client as an anonymous visitor, in this process (no HTTP server: the time
is the view, the middleware and the JSON; not the network). Reported: median and p95
of the wall time, median CPU time of the process (steadier on a shared machine), the
number of features, the size of the body raw and gzipped.

Goal (issue 4): the whole directory in at most 300 ms and at most 2 MB gzipped.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

KINDS = [
    # (kind, subkind, subkind label, share)
    ("structure", "association", "Association", 0.25),
    ("structure", "bailleur-social", "Bailleur social", 0.15),
    ("structure", "cmp", "Centre médico-psychologique (CMP)", 0.10),
    ("service", "service", "Service", 0.30),
    ("instance", "clsm", "Conseil local de santé mentale (CLSM)", 0.10),
    ("secteur", "secteur", "Secteur psychiatrique", 0.10),
]
THEMATIQUES = ["sante", "logement-hebergement", "accompagnement-social-et-professionnel"]


def setup_django(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "hub.settings.dev"
    # Production-like: with DEBUG on, Django keeps every query in memory.
    os.environ["DEBUG"] = "false"
    os.environ["CI"] = "1"  # no progress bars
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(documents: int, seed: int) -> None:
    from django.core.management import call_command

    from directory.models import Commune
    from search.models import SearchDocument, SearchFacet

    started = time.perf_counter()
    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_communes", stdout=io.StringIO())
    communes = list(
        Commune.objects.filter(latitude__isnull=False).values_list(
            "code", "name", "latitude", "longitude"
        )
    )
    rng = random.Random(seed)
    weights = [share for *_rest, share in KINDS]
    rows, facets = [], []
    for index in range(documents):
        code, name, lat, lng = rng.choice(communes)
        kind, subkind, label, _share = rng.choices(KINDS, weights)[0]
        rows.append(
            SearchDocument(
                source="bench.synthetic",
                object_id=index + 1,
                kind=kind,
                subkind=subkind,
                subkind_label=label,
                title=f"{label} de {name} n° {index + 1}",
                subtitle=f"Structure porteuse {index % 997} de {name}" if kind == "service" else "",
                summary="Entrée synthétique du banc d'essai de la carte.",
                url=f"/annuaire/banc-{index + 1}/",
                search_text=f"{label} {name} entree synthetique".lower(),
                commune_code=code,
                commune_name=name,
                # Within about a kilometre of the commune's centre, as real addresses are.
                latitude=lat + rng.uniform(-0.01, 0.01),
                longitude=lng + rng.uniform(-0.01, 0.01),
                access_tier="public",
            )
        )
    SearchDocument.objects.bulk_create(rows, batch_size=2000)
    for document in SearchDocument.objects.filter(source="bench.synthetic").values_list(
        "pk", "subkind", "commune_code"
    ):
        pk, subkind, code = document
        facets += [
            SearchFacet(document_id=pk, name="type", value=subkind),
            SearchFacet(document_id=pk, name="thematique", value=rng.choice(THEMATIQUES)),
            SearchFacet(document_id=pk, name="commune", value=code),
        ]
    SearchFacet.objects.bulk_create(facets, batch_size=5000)
    print(
        f"  {len(communes)} communes, {documents} documents, {len(facets)} facets "
        f"prepared in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th)."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def measure(query: str, requests: int, accept_gzip: bool) -> dict:
    from django.test import Client

    from directory.api.geojson import GZIP_LEVEL

    client = Client()
    headers = {"HTTP_ACCEPT_ENCODING": "gzip"} if accept_gzip else {}
    url = f"/api/annuaire.geojson{query}"

    def get():
        response = client.get(url, SERVER_NAME="localhost", **headers)
        if response.status_code != 200:
            sys.exit(f"{url} a répondu {response.status_code} : {response.content[:300]!r}")
        return response

    first = get()  # warm-up: imports, caches, SQLite pages
    timings, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        get()
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    body = first.content
    raw = gzip.decompress(body) if first.get("Content-Encoding") == "gzip" else body
    return {
        "url": url + (" (gzip)" if accept_gzip else ""),
        "features": len(json.loads(raw)["features"]),
        "median": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        # CPU time of this process: less sensitive than wall time to other jobs on a shared
        # machine (SQLite runs in-process, so it is counted).
        "cpu": statistics.median(cpu),
        "raw": len(raw),
        # What the view sends when asked; computed here, at the view's level, when the
        # scenario did not ask, so that every row has both sizes.
        "gzipped": len(body) if accept_gzip else len(gzip.compress(raw, GZIP_LEVEL, mtime=0)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--seed", type=int, default=4)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-geojson-") as directory:
        setup_django(Path(directory) / "bench.sqlite3")
        prepare(options.documents, options.seed)
        scenarios = [
            ("", False),
            ("", True),
            ("?type=service", True),
            ("?lieu=Lyon&rayon=50", True),
        ]
        rows = [measure(query, options.requests, gz) for query, gz in scenarios]

    import sqlite3

    import django

    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPU; "
        f"{options.documents} public documents, anonymous visitor, "
        f"{options.requests} requests per row after one warm-up\n"
    )
    print("| Request | Features | Median | p95 | CPU (median) | Body (raw) | Body (gzip) |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| `{row['url']}` | {row['features']:,} | {row['median']:.0f} ms | "
            f"{row['p95']:.0f} ms | {row['cpu']:.0f} ms | {row['raw'] / 1e6:.2f} MB | "
            f"{row['gzipped'] / 1e6:.2f} MB |"
        )


if __name__ == "__main__":
    main()
