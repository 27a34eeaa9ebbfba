"""Benchmark of `manage.py rebuild_search` over 200,000 search documents.

Not a test: run it by hand, then copy the table into docs/benchmarks.md.

    .venv/bin/python bench/rebuild_search.py [--structures 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/rebuild_search.py

A scratch database (a temporary SQLite file; a `bench_rebuild` database on the PostgreSQL
server when DATABASE_URL names one, created and dropped here) is migrated, the communes
are loaded, then `generate_directory` writes synthetic structures, each with one service
and one contact: 100,000 structures give 200,000 search documents (structure + service).
Then `rebuild_search` is timed in its own process (wall time, the time it prints, peak
RSS from the kernel's accounting of that process).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = "bench_rebuild"


def run(args, env):
    """Run manage.py in a child (untimed set-up); returns (stdout, wall seconds)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} a échoué :\n{done.stderr[-2000:]}")
    return done.stdout, time.perf_counter() - started


def timed(args, env):
    """Run manage.py in a child and return (stdout, wall seconds, peak RSS MB)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    out = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status:
        raise SystemExit(f"manage.py {' '.join(args)} a échoué (statut {status}).")
    return out, wall, usage.ru_maxrss / 1024


def measure(label, url, structures):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "hub.settings.dev",
        "DEBUG": "false",
        "CI": "1",
        "MAILLAGE_VAR_DIR": tempfile.mkdtemp(prefix="maillage-bench-"),
    }
    run(["migrate", "-v", "0"], env)
    run(["load_communes"], env)
    _out, generated = run(["generate_directory", "--count", str(structures)], env)
    out, wall, peak = timed(["rebuild_search"], env)
    printed = re.search(r"(\d+) documents en ([\d.,]+) s", out)
    documents = int(printed.group(1)) if printed else 0
    command = float(printed.group(2).replace(",", ".")) if printed else float("nan")
    load = os.getloadavg()[0]
    print(
        f"| {label} | {structures:,} | {documents:,} | {wall:.1f} s | {command:.1f} s "
        f"| {peak:.0f} MB | {load:.1f} | (entries generated in {generated:.0f} s) |",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--structures", type=int, default=100_000)
    args = parser.parse_args()
    print(
        f"Machine: {platform.platform()}, {os.cpu_count()} CPU, Python {platform.python_version()}"
    )
    print(
        "| Database | Structures | Documents | Wall (process) | Rebuild (command) | Peak RSS "
        "| Load avg | |\n|---|---|---|---|---|---|---|---|"
    )
    sqlite = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "bench.sqlite3")
    measure("SQLite", sqlite, args.structures)
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith("postgres"):
        parts = urlsplit(database_url)
        admin = urlunsplit(parts._replace(path="/postgres"))
        scratch = urlunsplit(parts._replace(path=f"/{SCRATCH}"))
        for sql in (f"DROP DATABASE IF EXISTS {SCRATCH}", f"CREATE DATABASE {SCRATCH}"):
            subprocess.run(["psql", admin, "-q", "-c", sql], check=True)
        try:
            measure("PostgreSQL", scratch, args.structures)
        finally:
            subprocess.run(["psql", admin, "-q", "-c", f"DROP DATABASE IF EXISTS {SCRATCH}"])


if __name__ == "__main__":
    main()
