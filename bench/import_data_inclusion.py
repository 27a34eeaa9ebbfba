"""Benchmark of `manage.py import_data_inclusion` on synthetic records (not a test).

    .venv/bin/python bench/import_data_inclusion.py [--count 100000]

It works in a temporary SQLite file with production-like settings (`hub.settings.dev`,
DEBUG off so that Django does not keep every query, CI=1 so no progress bar), as
bench/bench_gazetteer.py does: migrate, load the communes, write `--count` structures and
as many services (data·inclusion JSON Lines, `generate_directory --data-inclusion`), then
time the import into the empty directory, and a second import of the same files (the
update path). One run each (a 100,000-record import is long enough for one run to be
meaningful). Each step is its own `manage.py` process; its peak RSS comes from wait4().
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(args: list[str], database_url: str) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, stdout) of `manage.py <args>` in a child process."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "hub.settings.dev",
        "DEBUG": "false",
        "CI": "1",
    }
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=out, stderr=err
        )
        # wait4: this child's own usage (RUSAGE_CHILDREN would be the max over all children).
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        output, errors = out.read(), err.read()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"manage.py {' '.join(args)} a échoué :\n{errors[-3000:]}")
    return wall, usage.ru_maxrss / 1024, output.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="structures (and services)")
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-import-di-") as directory:
        database_url = f"sqlite:///{directory}/bench.sqlite3"
        files = Path(directory) / "records"
        print("migrate, load_communes, generate…", file=sys.stderr)
        manage(["migrate", "--noinput", "-v0"], database_url)
        manage(["load_communes"], database_url)
        generated = manage(
            ["generate_directory", "--count", str(options.count), "--seed", str(options.seed),
             "--data-inclusion", str(files)],
            database_url,
        )  # fmt: skip
        print(f"  {generated[2]}", file=sys.stderr)
        startup = manage(["import_data_inclusion", "--help"], database_url)
        arguments = [
            "import_data_inclusion",
            "--structures", str(files / "structures.jsonl"),
            "--services", str(files / "services.jsonl"),
        ]  # fmt: skip
        first = manage(arguments, database_url)
        second = manage(arguments, database_url)
    records = 2 * options.count
    print(f"Machine: {os.cpu_count()} CPU, Python {platform.python_version()}, SQLite (fichier)")
    print(f"Records: {options.count} structures + {options.count} services = {records}")
    print("| step | wall time (process) | peak RSS |")
    print("|---|---|---|")
    print(f"| start-up only (`--help`) | {startup[0]:.1f} s | {startup[1]:.0f} MB |")
    print(f"| first import (empty directory) | {first[0]:.1f} s | {first[1]:.0f} MB |")
    print(f"| second import (updates) | {second[0]:.1f} s | {second[1]:.0f} MB |")
    print(f"first:  {first[2]}")
    print(f"second: {second[2]}")


if __name__ == "__main__":
    main()
