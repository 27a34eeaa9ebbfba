"""Benchmark of `manage.py load_communes` on the full vendored file (35,014 communes).

Not a test: run it by hand, then copy the table into docs/benchmarks.md.

    .venv/bin/python bench/bench_gazetteer.py [--runs 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_gazetteer.py

Each run migrates a fresh database (untimed), then times, in separate processes, a first
load into the empty database and a second load of the same file (the idempotent path).
SQLite is always measured, in a temporary file; PostgreSQL too when DATABASE_URL is a
postgres URL, in a scratch database `bench_gazetteer` on that server (created and dropped
here; the database named in DATABASE_URL is never touched).

Reported per database: median wall time of the whole process (Python and Django start-up
included), median time reported by the command itself, and the peak RSS of the loading
process (max over the runs); start-up alone is measured too, as a baseline.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SCRATCH_DATABASE = "bench_gazetteer"
# "... , en 3,8 s." at the end of the command's summary line.
COMMAND_SECONDS = re.compile(r"en ([\d\s\xa0\u202f]+(?:,\d+)?) s\.")


@dataclass
class Measure:
    wall: float  # seconds, whole process
    command: float  # seconds, as printed by load_communes
    peak_rss_mb: float
    summary: str


def manage(args: list[str], database_url: str) -> Measure:
    """Run `manage.py <args>` in a child process and measure it."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "hub.settings.dev",
        # Production-like: with DEBUG on, Django keeps every query in memory.
        "DEBUG": "false",
        "CI": "1",  # no progress bar
    }
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=out, stderr=err
        )
        # wait4 gives this child's own resource usage (getrusage(RUSAGE_CHILDREN) would
        # give the maximum over every child so far).
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        output, errors = out.read(), err.read()
    if process.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} a échoué ({process.returncode}) :\n{errors}")
    match = COMMAND_SECONDS.search(output)
    command = float(re.sub(r"\s", "", match[1]).replace(",", ".")) if match else float("nan")
    # ru_maxrss is in kilobytes on Linux.
    return Measure(wall, command, usage.ru_maxrss / 1024, output.strip())


def bench(label: str, fresh_database, runs: int) -> list[str]:
    """Time `runs` first loads and reloads, each on a database given by fresh_database()."""
    baseline: list[Measure] = []
    first: list[Measure] = []
    second: list[Measure] = []
    for run in range(1, runs + 1):
        with fresh_database() as database_url:
            manage(["migrate", "--noinput", "-v0"], database_url)
            # Start-up alone (Python, Django, Wagtail), to read the figures below.
            baseline.append(manage(["load_communes", "--help"], database_url))
            first.append(manage(["load_communes"], database_url))
            second.append(manage(["load_communes"], database_url))
        print(
            f"  {label} run {run}: first load {first[-1].wall:.2f} s "
            f"(command {first[-1].command:.2f} s), reload {second[-1].wall:.2f} s",
            file=sys.stderr,
        )
    print(f"  {first[-1].summary}\n  {second[-1].summary}", file=sys.stderr)
    return [
        row(label, "start-up only (`load_communes --help`)", baseline),
        row(label, "first load (empty database)", first),
        row(label, "reload (same file)", second),
    ]


def row(label: str, what: str, measures: list[Measure]) -> str:
    wall = statistics.median(m.wall for m in measures)
    command = statistics.median(m.command for m in measures)
    rss = max(m.peak_rss_mb for m in measures)
    command_text = "–" if command != command else f"{command:.2f} s"  # NaN: no summary
    return f"| {label} | {what} | {wall:.2f} s | {command_text} | {rss:.0f} MB |"


class sqlite_database:
    """A fresh SQLite file in a temporary directory."""

    def __enter__(self) -> str:
        self.directory = tempfile.TemporaryDirectory(prefix="bench-gazetteer-")
        return f"sqlite:///{self.directory.name}/bench.sqlite3"

    def __exit__(self, *exc_info) -> None:
        self.directory.cleanup()


class postgres_database:
    """A fresh scratch database on the server of `server_url`, dropped afterwards."""

    def __init__(self, server_url: str):
        self.server_url = server_url

    def _admin(self, statement: str) -> None:
        import psycopg

        # Connect to the maintenance database: a database cannot drop itself.
        with psycopg.connect(self.server_url, dbname="postgres", autocommit=True) as connection:
            connection.execute(statement)

    def __enter__(self) -> str:
        self._admin(f"DROP DATABASE IF EXISTS {SCRATCH_DATABASE}")
        self._admin(f"CREATE DATABASE {SCRATCH_DATABASE}")
        parts = urlsplit(self.server_url)
        return urlunsplit(parts._replace(path=f"/{SCRATCH_DATABASE}"))

    def __exit__(self, *exc_info) -> None:
        self._admin(f"DROP DATABASE IF EXISTS {SCRATCH_DATABASE}")


def postgres_version(server_url: str) -> str:
    import psycopg

    with psycopg.connect(server_url, dbname="postgres") as connection:
        return connection.execute("SHOW server_version").fetchone()[0].split()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per database (default 3)")
    options = parser.parse_args()

    import sqlite3

    rows = bench(f"SQLite {sqlite3.sqlite_version}", sqlite_database, options.runs)
    database_url = os.environ.get("DATABASE_URL", "")
    if urlsplit(database_url).scheme in {"postgres", "postgresql", "pgsql"}:
        label = f"PostgreSQL {postgres_version(database_url)}"
        rows += bench(label, lambda: postgres_database(database_url), options.runs)

    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPU, "
        f"median of {options.runs} runs (peak RSS: max of the runs)\n"
    )
    print("| Database | Load | Wall time (process) | Time (command) | Peak RSS |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
