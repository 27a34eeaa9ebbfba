"""CPU per uncached page (issue 20): what one page costs the server when no cache answers.

Not a test: run it by hand, or through `bench/load_test.py` (phase `cpu`), which runs it
on its temporary demo site and puts the table in its report.

    .venv/bin/python bench/page_cost.py                 # a temporary demo site, 30 runs
    .venv/bin/python bench/page_cost.py --var DIR       # a site load_test.py prepared
    .venv/bin/python bench/page_cost.py --runs 50 --json figures.json

One process, production settings (`hub.settings.production`, DEBUG off, whitenoise's
manifest, the CSP, every security middleware), the page cache off
(`MAILLAGE_PAGE_CACHE_SECONDS=0`: every page is built), the default cache in a spare Redis
database (`--redis-db`, as in production: the chrome cache lives there) or in local
memory (`--redis-db -1`), SQLite. Each page of `PAGES` is asked for through Django's test
client, first as an anonymous visitor, then as a logged-in partner (`membre.social`,
logged in through the login form, as a person would): a few warm-up requests, then
`--runs` measured ones. Reported per page and reader: the CPU time of the process
(`time.process_time`: the server's own work, the database's included since SQLite runs in
the process; Redis's work is not), median and p95, the wall time, and the number of SQL
queries (counted on one more request, outside the measure: counting slows a request).

The chrome and the page fragments kept per audience (hub/chrome.py) are warm after the
warm-up requests, as they are for every reader of an audience but the first since the last
change: that is what the budget is about. `--cold` turns them off
(`MAILLAGE_CHROME_CACHE_SECONDS=0`) to show what the first reader pays.

Also measured: one password hash with the configured hasher (the first of
`PASSWORD_HASHERS`) and with Django's PBKDF2, what a login pays (median of 5).

The machine is shared: the 1-minute load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_PASSWORD = "maillage-demo-2026"
PARTNER = "membre.social"
# (label, path): the page types of the budget.
PAGES = [
    ("home", "/"),
    ("charter", "/charte/"),
    ("territory", "/territoires/metz/"),
    ("guide chapter", "/guide/cadre-legal-psychiatrie/"),
    ("directory list", "/annuaire/"),
    ("directory entry", "/annuaire/clsm-metz/"),
    ("qui contacter", "/qui-contacter/?lieu=57463"),
    ("partner space", "/espace-partenaires/commun/"),
]
GOAL_MS = 25


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(options) -> dict:
    """Runs inside the prepared environment (a child process: the settings are read once)."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.contrib.auth.hashers import get_hasher, make_password
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    host = "127.0.0.1"
    results = {"pages": [], "load": [os.getloadavg()[0]]}

    def run(client, label, path, reader, expected):
        for _ in range(options.warmup):
            client.get(path, HTTP_HOST=host)
        cpu, wall = [], []
        for _ in range(options.runs):
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            response = client.get(path, HTTP_HOST=host)
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started_wall) * 1000)
            if response.status_code != expected:
                sys.exit(f"{reader} {path}: {response.status_code}, attendu {expected}")
        with CaptureQueriesContext(connection) as queries:
            client.get(path, HTTP_HOST=host)
        row = {
            "page": label,
            "path": path,
            "reader": reader,
            "status": expected,
            "cpu_p50": statistics.median(cpu),
            "cpu_p95": percentile(cpu, 0.95),
            "wall_p50": statistics.median(wall),
            "wall_p95": percentile(wall, 0.95),
            "queries": len(queries),
            "load": os.getloadavg()[0],
        }
        results["pages"].append(row)
        print(
            f"{reader:10} {label:16} cpu p50 {row['cpu_p50']:6.1f} ms p95 {row['cpu_p95']:6.1f} "
            f"ms, wall p50 {row['wall_p50']:6.1f} ms, {row['queries']:3d} requêtes SQL "
            f"(charge {row['load']:.1f})",
            file=sys.stderr,
            flush=True,
        )

    anonymous = Client()
    for label, path in PAGES:
        # The partner space answers an anonymous visitor with the redirect to the login.
        run(anonymous, label, path, "anonymous", 302 if "espace-partenaires" in path else 200)
    partner = Client()
    login_started = time.perf_counter()
    response = partner.post(
        "/compte/connexion/",
        {"username": PARTNER, "password": DEMO_PASSWORD},
        HTTP_HOST=host,
    )
    results["login_ms"] = (time.perf_counter() - login_started) * 1000
    if response.status_code != 302:
        sys.exit(f"connexion de {PARTNER} refusée ({response.status_code})")
    for label, path in PAGES:
        run(partner, label, path, "partner", 200)

    hashers = {}
    for name in ("configured", "pbkdf2"):
        algorithm = None if name == "configured" else "pbkdf2_sha256"
        hasher = get_hasher(algorithm or "default")
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            make_password("un mot de passe de test", hasher=hasher.algorithm)
            timings.append((time.perf_counter() - started) * 1000)
        hashers[name] = {"algorithm": hasher.algorithm, "ms": statistics.median(timings)}
    results["hashers"] = hashers
    results["load"].append(os.getloadavg()[0])
    return results


def table(results: dict) -> str:
    lines = [
        "| Page | Reader | CPU p50 | CPU p95 | wall p50 | queries | load (1 min) |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in results["pages"]:
        lines.append(
            f"| {row['page']} `{row['path']}` | {row['reader']} | **{row['cpu_p50']:.1f} ms** | "
            f"{row['cpu_p95']:.1f} ms | {row['wall_p50']:.1f} ms | {row['queries']} | "
            f"{row['load']:.1f} |"
        )
    for reader in ("anonymous", "partner"):
        values = [row["cpu_p50"] for row in results["pages"] if row["reader"] == reader]
        lines.append(
            f"| median of the pages' medians | {reader} | **{statistics.median(values):.1f} ms**"
            f" | max {max(values):.1f} ms | | | |"
        )
    hashers = results.get("hashers", {})
    if hashers:
        lines += [
            "",
            "One password hash: "
            + ", ".join(f"{value['algorithm']} {value['ms']:.0f} ms" for value in hashers.values())
            + f"; one login through the form: {results['login_ms']:.0f} ms.",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var", type=Path, help="a site prepared by load_test.py (kept)")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--redis-db", type=int, default=12, help="-1: local-memory cache")
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--cold", action="store_true", help="no chrome nor fragment kept per audience"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        results = measure(options)
        print(json.dumps(results))
        return

    # The sibling script, by path (bench/ is not a package).
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    load_test = importlib.import_module("load_test")

    temporary = options.var is None
    var = options.var or Path(tempfile.mkdtemp(prefix="maillage-cost-"))
    redis_url = f"redis://127.0.0.1:6379/{options.redis_db}" if options.redis_db >= 0 else ""
    secret_key = "page-cost-" + "x" * 40
    try:
        if redis_url:
            load_test.empty_redis(redis_url, first=True)
        if temporary:
            load_test.prepare_site(var, secret_key, redis_url or "redis://127.0.0.1:6379/15")
        env = load_test.production_env(var, secret_key, redis_url, 8000)
        if not redis_url:
            env.pop("REDIS_URL")
            env["MAILLAGE_RATE_LIMITS_ENABLED"] = "false"
        env["MAILLAGE_PAGE_CACHE_SECONDS"] = "0"
        if options.cold:
            env["MAILLAGE_CHROME_CACHE_SECONDS"] = "0"
        env["LOG_LEVEL"] = "ERROR"
        command = [sys.executable, __file__, "--child", "--runs", str(options.runs)]
        command += ["--warmup", str(options.warmup), "--redis-db", str(options.redis_db)]
        result = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        if result.returncode != 0:
            sys.exit(result.returncode)
        results = json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        if redis_url:
            load_test.empty_redis(redis_url)
        if temporary:
            import shutil

            shutil.rmtree(var, ignore_errors=True)
    if options.json:
        options.json.write_text(json.dumps(results, indent=2))
    print(table(results))


if __name__ == "__main__":
    main()
