"""Load test of the production stack (issue 7, P2 and P6): gunicorn, whitenoise, the page
cache in Redis, on a temporary demo site.

Not a test (CI does not run it): run it by hand, then copy the table into
docs/benchmarks.md.

    .venv/bin/python bench/load_test.py             # P2 (3 rounds), uncached p95, P6 (5 min)
    .venv/bin/python bench/load_test.py --quick     # the same, shorter (P6 60 s, 1 round)
    .venv/bin/python bench/load_test.py --phases p2 --rounds 3   # P2 only

Needs `wrk` (Debian: `apt-get install -y wrk`), `locust` (the `dev` extra) and a Redis
server on 127.0.0.1:6379. Everything listens on 127.0.0.1 only.

0. The checkout is copied into a temporary directory, and the copy is what runs (other
   people may edit the checkout meanwhile; gunicorn imports some modules lazily and
   recycles its workers, so a live checkout can be measured half old, half new).
   `--live` runs the checkout itself. The report names the commit and the number of
   uncommitted files.
1. A temporary directory becomes `MAILLAGE_VAR_DIR`: a SQLite file is migrated, the
   communes and the demo are loaded (`hub.settings.dev`, `DEBUG=false`), the static files
   collected (`hub.settings.production`: hashed names, compressed copies).
2. gunicorn starts with `hub/gunicorn.conf.py` and `hub.settings.production` on a free
   port of 127.0.0.1 (`SECURE_SSL_REDIRECT=false` and `SECURE_COOKIES=false`: plain HTTP;
   `REDIS_URL=redis://127.0.0.1:6379/<--redis-db>`, a spare database, emptied before and
   after, and refused if it holds keys that are not Maillage's; workers: what the
   configuration chooses, unless `--workers`).
3. P2, with the page cache on (`MAILLAGE_PAGE_CACHE_SECONDS=300`): `wrk -t2 -c10` on the
   collected stylesheet (hashed name, served by whitenoise) and on `/` (warmed first, and
   checked to answer `X-Maillage-Cache: hit`), alternately, `--rounds` times; the ratio of
   the two throughputs is computed per round, and the median is reported. Goal >= 0.5.
4. P6, page cache on: locust headless with `bench/locustfile.py`, `--users 50 --spawn-rate
   10 --run-time 5m` (`--quick`: 60 s), CSV into the temporary directory. Goal: 0 errors,
   p95 <= 300 ms.
5. Uncached p95: gunicorn restarted with `MAILLAGE_PAGE_CACHE_SECONDS=0`, then `wrk -t2
   -c10` on `/` (the goal's figure: <= 100 ms) and, for information, on a few other pages.
6. CPU per uncached page (issue 20), gunicorn stopped: `bench/page_cost.py` on the same
   site, in one process (the page types of the issue's budget, anonymous and logged-in
   partner, median and p95 of `--cpu-runs`; one password hash with Argon2id and PBKDF2).

Printed at the end: a Markdown section with the date, the machine, the versions, the load
average of the machine during each phase (it is shared: figures are noisy), and the
figures. gunicorn and locust run in their own process groups, killed in every case; the
temporary directory is removed (`--keep` keeps it, with the logs and CSV files).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import importlib
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Where the code under test is read from: a copy of ROOT made at the start (see --live).
SOURCE = ROOT
SNAPSHOT_IGNORED = (".venv", "var", ".git", "__pycache__", "*.pyc", "node_modules", "*.whl")
PY = sys.executable
VENV_BIN = Path(PY).parent

P2_GOAL_RATIO = 0.5
UNCACHED_GOAL_MS = 100
P6_GOAL_P95_MS = 300
STATIC_NAME = "css/maillage.css"
# Uncached pages measured for information besides `/` (the goal's figure).
UNCACHED_PAGES = [
    "/",
    "/charte/",
    "/guide/cadre-legal-psychiatrie/",
    "/annuaire/?q=logement&lieu=Metz",
    "/recherche/?q=logement",
]
# Variables of the settings and of gunicorn that must not leak from the caller's shell.
CLEARED_VARIABLES = [
    "DATABASE_URL",
    "REDIS_URL",
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "MAILLAGE_PAGE_CACHE_SECONDS",
    "MAILLAGE_VAR_DIR",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "SEARCH_ENGINE",
    "ELASTICSEARCH_URL",
    "TRUSTED_PROXIES",
    "BIND",
    "PORT",
    "WEB_CONCURRENCY",
    "GUNICORN_THREADS",
    "GUNICORN_MAX_REQUESTS",
    "CSP_REPORT_ONLY",
]
# wrk prints this line at the end (a Lua `done` hook): exact counts and percentiles.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "MAILLAGE requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d "
    .. "timeout=%d p50_us=%d p95_us=%d p99_us=%d max_us=%d\\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max))
end
"""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def kill_group(process: subprocess.Popen, grace: float = 15) -> None:
    """Stop a process started with start_new_session=True, and all of its children."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


# --- Load average of the (shared) machine ------------------------------------------------------


class LoadSampler(threading.Thread):
    """Samples the 1-minute load average every few seconds, labelled with the phase."""

    def __init__(self, interval: float = 2.0):
        super().__init__(daemon=True)
        self.interval = interval
        self.phase = "préparation"
        self.samples: list[tuple[str, float]] = []
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            self.samples.append((self.phase, os.getloadavg()[0]))
            self.stopping.wait(self.interval)

    def summary(self, phase: str) -> str:
        values = [value for name, value in self.samples if name == phase]
        if not values:
            return "–"
        return f"{statistics.mean(values):.1f} (max {max(values):.1f})"


# --- Redis -----------------------------------------------------------------------------------


def redis_client(url: str):
    import redis

    return redis.Redis.from_url(url, socket_timeout=5)


def empty_redis(url: str, *, first: bool = False) -> None:
    client = redis_client(url)
    if first:
        foreign = [key for key in client.scan_iter(count=1000) if not key.startswith(b"maillage:")]
        if foreign:
            sys.exit(
                f"{url} contient {client.dbsize()} clés dont {len(foreign)} hors de Maillage "
                f"(par exemple {foreign[0]!r}) : choisissez une autre base avec --redis-db."
            )
    client.flushdb()


# --- The temporary demo site ---------------------------------------------------------------


def base_env(var: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in CLEARED_VARIABLES}
    env.update(
        MAILLAGE_VAR_DIR=str(var),
        DATABASE_URL=f"sqlite:///{var / 'maillage.sqlite3'}",
        CI="1",  # no progress bars
        PYTHONUNBUFFERED="1",
    )
    return env


def production_env(var: Path, secret_key: str, redis_url: str, port: int) -> dict[str, str]:
    return {
        **base_env(var),
        "DJANGO_SETTINGS_MODULE": "hub.settings.production",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "127.0.0.1",
        "REDIS_URL": redis_url,
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
        "BIND": f"127.0.0.1:{port}",
        # Required by production settings; nothing is sent during the load test.
        "EMAIL_URL": "smtp://127.0.0.1:25",
        # One load generator is one address: the API's rate limits would answer 429.
        "MAILLAGE_RATE_LIMITS_ENABLED": "false",
        "DEFAULT_FROM_EMAIL": "Maillage <ne-pas-repondre@example.org>",
    }


def prepare_site(var: Path, secret_key: str, redis_url: str) -> None:
    dev = {**base_env(var), "DJANGO_SETTINGS_MODULE": "hub.settings.dev", "DEBUG": "false"}
    production = production_env(var, secret_key, redis_url, 8000)
    steps = [
        (dev, ["migrate", "--noinput", "-v", "0"]),
        (dev, ["load_communes"]),
        (dev, ["load_demo"]),
        (production, ["collectstatic", "--noinput", "-v", "0"]),
    ]
    for env, command in steps:
        started = time.monotonic()
        result = subprocess.run(
            [PY, "manage.py", *command],
            cwd=SOURCE,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            sys.exit(f"manage.py {' '.join(command)} a échoué :\n{result.stdout}\n{result.stderr}")
        log(f"manage.py {command[0]} : {time.monotonic() - started:.1f} s")


class Gunicorn:
    def __init__(self, var: Path, env: dict[str, str], port: int, label: str):
        self.var, self.env, self.port, self.label = var, env, port, label
        self.log_path = var / f"gunicorn-{label}.log"
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90) -> None:
        with open(self.log_path, "ab") as output:
            self.process = subprocess.Popen(
                [PY, "-m", "gunicorn", "--config", "hub/gunicorn.conf.py", "hub.wsgi"],
                cwd=SOURCE,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(
                    f"gunicorn s'est arrêté au démarrage : voir {self.log_path}\n{self.tail()}"
                )
            try:
                with urllib.request.urlopen(self.base + "/", timeout=10) as response:
                    if response.status == 200:
                        log(f"gunicorn ({self.label}) répond sur {self.base}")
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        sys.exit(f"gunicorn ne répond pas après {timeout:.0f} s\n{self.tail()}")

    def stop(self) -> None:
        if self.process is not None:
            kill_group(self.process)
            self.process = None

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def server_errors(self) -> tuple[dict[str, int], list[str]]:
        """Status counts >= 500 in the access log, and the first logged errors."""
        counts: dict[str, int] = {}
        errors: list[str] = []
        for line in self.log_path.read_text(errors="replace").splitlines():
            match = re.search(r'" (\d{3}) ', line)
            if match and match.group(1).startswith("5"):
                counts[match.group(1)] = counts.get(match.group(1), 0) + 1
            if (" ERROR " in line or "Traceback" in line) and len(errors) < 5:
                errors.append(line[:300])
        return counts, errors


def get(url: str, timeout: float = 30):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# --- wrk -------------------------------------------------------------------------------------


def wrk(url: str, script: Path, *, threads: int, connections: int, seconds: int) -> dict:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        url,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    match = re.search(r"^MAILLAGE (.*)$", result.stdout, re.MULTILINE)
    if result.returncode != 0 or not match:
        sys.exit(f"wrk a échoué sur {url} :\n{result.stdout}\n{result.stderr}")
    figures = {key: int(value) for key, value in re.findall(r"(\w+)=(\d+)", match.group(1))}
    seconds_run = figures["duration_us"] / 1e6
    return {
        "url": url,
        "requests": figures["requests"],
        "rps": figures["requests"] / seconds_run,
        "errors": sum(figures[name] for name in ("connect", "read", "write", "status", "timeout")),
        "status_errors": figures["status"],
        "p50": figures["p50_us"] / 1000,
        "p95": figures["p95_us"] / 1000,
        "p99": figures["p99_us"] / 1000,
        "max": figures["max_us"] / 1000,
        "bytes_per_request": figures["bytes"] / max(figures["requests"], 1),
    }


def static_url(var: Path) -> str:
    manifest = json.loads((var / "static" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"][STATIC_NAME]


def check_cache_hit(base: str, path: str) -> None:
    for _ in range(3):
        status, headers, _body = get(base + path)
        if status != 200:
            sys.exit(f"{path} a répondu {status}")
        if headers.get("X-Maillage-Cache") == "hit":
            return
    sys.exit(f"{path} n'est pas servi par le cache de pages (X-Maillage-Cache : {headers!r})")


def measure_p2(server: Gunicorn, var: Path, script: Path, options) -> dict:
    static = static_url(var)
    status, headers, body = get(server.base + static)
    if status != 200:
        sys.exit(f"{static} a répondu {status}")
    log(f"statique : {static} ({len(body)} octets, Cache-Control: {headers.get('Cache-Control')})")
    check_cache_hit(server.base, "/")
    rounds = []
    for number in range(1, options.rounds + 1):
        row = {}
        for label, path in (("static", static), ("page", "/")):
            row[label] = wrk(
                server.base + path,
                script,
                threads=options.wrk_threads,
                connections=options.connections,
                seconds=options.p2_seconds,
            )
            log(
                f"P2 tour {number} {label:6} {path}: {row[label]['rps']:.0f} req/s, "
                f"p95 {row[label]['p95']:.1f} ms, erreurs {row[label]['errors']}"
            )
        check_cache_hit(server.base, "/")  # nothing emptied the cache meanwhile
        row["ratio"] = row["page"]["rps"] / row["static"]["rps"]
        rounds.append(row)
    return {"static_path": static, "rounds": rounds}


def measure_uncached(server: Gunicorn, script: Path, options) -> list[dict]:
    status, headers, _body = get(server.base + "/")
    if "X-Maillage-Cache" in headers:
        sys.exit("le cache de pages devrait être coupé (MAILLAGE_PAGE_CACHE_SECONDS=0)")
    results = {path: [] for path in UNCACHED_PAGES}
    for number in range(1, options.rounds + 1):
        for path in UNCACHED_PAGES:
            for _ in range(15):  # warm-up: every worker's first request is not the point
                get(server.base + path)
            figures = wrk(
                server.base + path,
                script,
                threads=options.wrk_threads,
                connections=options.connections,
                seconds=options.uncached_seconds,
            )
            results[path].append(figures)
            log(
                f"sans cache tour {number} {path}: {figures['rps']:.0f} req/s, "
                f"p50 {figures['p50']:.0f} ms, p95 {figures['p95']:.0f} ms, "
                f"erreurs {figures['errors']}"
            )
    return [
        {
            "path": path,
            "rps": statistics.median(run["rps"] for run in runs),
            "p50": statistics.median(run["p50"] for run in runs),
            "p95": statistics.median(run["p95"] for run in runs),
            "p99": statistics.median(run["p99"] for run in runs),
            "errors": sum(run["errors"] for run in runs),
            "p95_runs": [run["p95"] for run in runs],
        }
        for path, runs in results.items()
    ]


# --- locust ----------------------------------------------------------------------------------


def run_p6(server: Gunicorn, var: Path, options) -> dict:
    prefix = var / "p6"
    command = [
        str(VENV_BIN / "locust"),
        "-f",
        str(SOURCE / "bench" / "locustfile.py"),
        "--headless",
        "--host",
        server.base,
        "--users",
        str(options.users),
        "--spawn-rate",
        str(options.spawn_rate),
        "--run-time",
        options.run_time,
        "--stop-timeout",
        "10",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--think-time",
        options.think_time,
    ]
    log(f"P6 : {' '.join(command[3:])}")
    output = var / "locust.log"
    with open(output, "wb") as stream:
        process = subprocess.Popen(
            command, cwd=SOURCE, stdout=stream, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        process.wait(timeout=parse_seconds(options.run_time) + 180)
    except subprocess.TimeoutExpired:
        log("locust ne s'est pas arrêté à temps : arrêt forcé")
    finally:
        kill_group(process)
    stats_file = Path(f"{prefix}_stats.csv")
    if not stats_file.exists():
        sys.exit(
            f"locust n'a pas écrit {stats_file} :\n{output.read_text(errors='replace')[-3000:]}"
        )
    with open(stats_file, newline="") as stream:
        rows = list(csv.DictReader(stream))
    with open(f"{prefix}_failures.csv", newline="") as stream:
        failures = list(csv.DictReader(stream))
    text = output.read_text(errors="replace")
    cpu_warnings = len(re.findall(r"CPU usage", text))
    return {"rows": rows, "failures": failures, "cpu_warnings": cpu_warnings}


def parse_seconds(text: str) -> int:
    total = 0
    for value, unit in re.findall(r"(\d+)\s*([hms]?)", text):
        total += int(value) * {"h": 3600, "m": 60, "s": 1, "": 1}[unit]
    return total


# --- CPU per uncached page (bench/page_cost.py) ----------------------------------------------


def measure_cpu(var: Path, options) -> dict:
    output = var / "page-cost.json"
    command = [PY, str(SOURCE / "bench" / "page_cost.py"), "--var", str(var)]
    command += ["--runs", str(options.cpu_runs), "--redis-db", str(options.redis_db)]
    command += ["--json", str(output)]
    log(f"CPU par page : {' '.join(command[1:])}")
    result = subprocess.run(command, cwd=SOURCE, capture_output=True, text=True, timeout=1800)
    if result.returncode != 0 or not output.exists():
        sys.exit(f"page_cost.py a échoué :\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return json.loads(output.read_text())


# --- Report ----------------------------------------------------------------------------------


def versions() -> str:
    import sqlite3

    # Not `import locust`: it monkey-patches the process with gevent (a deadlock here).
    from importlib.metadata import version

    import django
    import gunicorn
    import wagtail

    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()
    try:
        redis_version = redis_client("redis://127.0.0.1:6379/0").info("server")["redis_version"]
    except Exception:  # the report must not fail on a version
        redis_version = "?"
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"Wagtail {wagtail.__version__}, gunicorn {gunicorn.__version__}, "
        f"whitenoise {version('whitenoise')}, SQLite {sqlite3.sqlite_version}, "
        f"Redis {redis_version}, locust {version('locust')}, "
        f"wrk {wrk_version[1] if len(wrk_version) > 1 else '?'}"
    )


def code_version(options) -> str:
    """The commit of the checkout, and how many files differ from it (read-only git)."""

    def git(*args):
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "?"
    changed = len([line for line in git("status", "--porcelain").splitlines() if line])
    where = "checkout itself (--live)" if options.live else "copy of the checkout made at the start"
    return f"commit {commit} + {changed} uncommitted file(s), {where}"


def verdict(ok: bool) -> str:
    return "yes" if ok else "**no**"


def aggregated(rows: list[dict]) -> dict:
    return next(row for row in rows if row["Name"] == "Aggregated")


def report(results: dict, options, sampler: LoadSampler, workers: int, started) -> str:
    max_requests = "10000 (±1000)" if options.max_requests is None else options.max_requests
    if max_requests == 0:
        max_requests = "∞ (GUNICORN_MAX_REQUESTS=0)"
    lines = [
        f"## Load test: gunicorn, whitenoise, page cache (P2, P6), {started:%Y-%m-%d}",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M}.",
        f"- Machine: {os.cpu_count()} cores, {platform.platform()}, shared with other jobs: "
        f"1-minute load average before the run {results['load_before']:.1f} "
        "(per phase below). The load generators (wrk, locust) run on the same cores.",
        f"- Versions: {versions()}.",
        f"- Code: {code_version(options)}.",
        f"- Server: gunicorn `hub/gunicorn.conf.py` ({workers} "
        + (
            f"gthread workers × {options.threads} threads, "
            if (options.threads or 1) > 1
            else "sync workers, 1 thread, "
        )
        + f"a worker recycled every {max_requests} requests), "
        "`hub.settings.production`, SQLite (temporary file), Redis cache on 127.0.0.1, "
        "plain HTTP on 127.0.0.1 (`SECURE_SSL_REDIRECT=false`, `SECURE_COOKIES=false`), demo "
        "content (`load_demo`).",
        "- Script: `bench/load_test.py"
        + (" --quick" if options.quick else "")
        + f"` (P2: `wrk -t{options.wrk_threads} -c{options.connections} "
        f"-d{options.p2_seconds}s`, {options.rounds} round(s), median; P6: locust "
        f"`--users {options.users} --spawn-rate {options.spawn_rate} "
        f"--run-time {options.run_time}`, think time {options.think_time} s).",
        "",
        "| Goal | Measure | Figure | Target | Met | Load average (1 min) |",
        "|---|---|---|---|---|---|",
    ]
    p2 = results.get("p2")
    if p2:
        ratios = [row["ratio"] for row in p2["rounds"]]
        static_rps = statistics.median(row["static"]["rps"] for row in p2["rounds"])
        page_rps = statistics.median(row["page"]["rps"] for row in p2["rounds"])
        ratio = statistics.median(ratios)
        errors = sum(row[kind]["errors"] for row in p2["rounds"] for kind in ("static", "page"))
        lines += [
            f"| P2 | static file `{p2['static_path']}` (whitenoise) | {static_rps:,.0f} req/s "
            f"(p95 {statistics.median(r['static']['p95'] for r in p2['rounds']):.1f} ms) | – | – "
            f"| {sampler.summary('P2')} |",
            f"| P2 | cached page `/` (`X-Maillage-Cache: hit`) | {page_rps:,.0f} req/s "
            f"(p95 {statistics.median(r['page']['p95'] for r in p2['rounds']):.1f} ms) | – | – "
            f"| {sampler.summary('P2')} |",
            f"| P2 | ratio cached page / static file (median of "
            f"{', '.join(f'{value:.2f}' for value in ratios)}) | **{ratio:.2f}** | ≥ "
            f"{P2_GOAL_RATIO} | {verdict(ratio >= P2_GOAL_RATIO and errors == 0)} "
            f"| {sampler.summary('P2')} |",
        ]
    uncached = results.get("uncached")
    if uncached:
        for row in uncached:
            goal = row["path"] == "/"
            lines.append(
                f"| P2 | uncached `{row['path']}`, 10 connections: p95 (p50, req/s) | "
                f"{'**' if goal else ''}{row['p95']:.0f} ms{'**' if goal else ''} "
                f"({row['p50']:.0f} ms, {row['rps']:.0f} req/s"
                + (f", {row['errors']} errors" if row["errors"] else "")
                + f") | {f'≤ {UNCACHED_GOAL_MS} ms' if goal else '(information)'} | "
                f"{verdict(row['p95'] <= UNCACHED_GOAL_MS and not row['errors']) if goal else '–'}"
                f" | {sampler.summary('sans cache')} |"
            )
    p6 = results.get("p6")
    if p6:
        total = aggregated(p6["rows"])
        failures = int(total["Failure Count"])
        p95 = float(total["95%"])
        lines += [
            f"| P6 | {options.users} mixed users, {options.run_time}: requests, errors | "
            f"{int(total['Request Count']):,} requests, **{failures} errors** | 0 errors | "
            f"{verdict(failures == 0)} | {sampler.summary('P6')} |",
            f"| P6 | same: p50 / p95 / p99 (max), throughput | {float(total['50%']):.0f} / "
            f"**{p95:.0f}** / {float(total['99%']):.0f} ms ({float(total['100%']):.0f} ms), "
            f"{float(total['Requests/s']):.1f} req/s | p95 ≤ {P6_GOAL_P95_MS} ms | "
            f"{verdict(p95 <= P6_GOAL_P95_MS)} | {sampler.summary('P6')} |",
        ]
    if p6:
        lines += [
            "",
            "P6 per request (locust names requests by template; `[partenaire]`: logged in):",
            "",
            "| Request | Count | Errors | p50 | p95 | p99 | max |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in sorted(p6["rows"], key=lambda r: -int(r["Request Count"])):
            if row["Name"] == "Aggregated":
                continue
            lines.append(
                f"| {row['Type']} `{row['Name']}` | {int(row['Request Count']):,} | "
                f"{row['Failure Count']} | {float(row['50%']):.0f} ms | {float(row['95%']):.0f} ms "
                f"| {float(row['99%']):.0f} ms | {float(row['100%']):.0f} ms |"
            )
        if p6["failures"]:
            lines += ["", "Failures:", ""]
            for row in p6["failures"]:
                lines.append(
                    f"- {row['Method']} `{row['Name']}`: {row['Error']} × {row['Occurrences']}"
                )
        if p6["cpu_warnings"]:
            lines += [
                "",
                f"locust warned {p6['cpu_warnings']} time(s) that its CPU usage was high: "
                "its response times then include its own delays.",
            ]
    if results.get("server_errors"):
        lines += ["", f"gunicorn access log, 5xx answers: {results['server_errors']}"]
    if results.get("cpu"):
        # The sibling script, by path (bench/ is not a package).
        sys.path.insert(0, str(SOURCE / "bench"))
        table = importlib.import_module("page_cost").table

        lines += [
            "",
            "CPU per uncached page (`bench/page_cost.py`, one process, production settings, "
            f"page cache off, chrome cache in Redis; load average {sampler.summary('CPU')}):",
            "",
            table(results["cpu"]),
        ]
    return "\n".join(lines)


# --- Main ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="P6 60 s, one P2 round of 10 s")
    parser.add_argument(
        "--phases",
        default="p2,p6,uncached,cpu",
        help="among p2, p6, uncached, cpu (comma-separated)",
    )
    parser.add_argument("--rounds", type=int, help="P2 and uncached rounds (default 3)")
    parser.add_argument("--p2-seconds", type=int, help="duration of each wrk run (default 20)")
    parser.add_argument("--uncached-seconds", type=int, help="each uncached wrk run (default 10)")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--run-time", help="P6 duration, locust syntax (default 5m)")
    parser.add_argument("--think-time", default="1-3", help="seconds between a user's requests")
    parser.add_argument("--workers", type=int, help="WEB_CONCURRENCY (default: gunicorn.conf.py)")
    parser.add_argument(
        "--threads", type=int, help="GUNICORN_THREADS (default: gunicorn.conf.py; >1: gthread)"
    )
    parser.add_argument("--cpu-runs", type=int, default=30, help="page_cost.py --runs")
    parser.add_argument(
        "--max-requests", type=int, help="GUNICORN_MAX_REQUESTS (default: gunicorn.conf.py, 10000)"
    )
    parser.add_argument("--redis-db", type=int, default=13, help="a spare Redis database")
    parser.add_argument("--json", type=Path, help="also write the raw figures there")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--live",
        action="store_true",
        help="run the code of the checkout itself, not a copy made at the start",
    )
    options = parser.parse_args()
    options.rounds = options.rounds or (1 if options.quick else 3)
    options.p2_seconds = options.p2_seconds or (10 if options.quick else 20)
    options.uncached_seconds = options.uncached_seconds or (5 if options.quick else 10)
    options.run_time = options.run_time or ("60s" if options.quick else "5m")
    phases = {phase.strip() for phase in options.phases.split(",") if phase.strip()}
    known = {"p2", "p6", "uncached", "cpu"}
    if phases - known:
        parser.error(f"phases inconnues : {', '.join(sorted(phases - known))}")
    for tool in ("wrk",) if phases & {"p2", "uncached"} else ():
        if not shutil.which(tool):
            sys.exit("wrk manque : apt-get install -y wrk")
    if "p6" in phases and not (VENV_BIN / "locust").exists():
        sys.exit("locust manque : pip install -e '.[dev]'")

    # A SIGTERM (a time limit) unwinds through the finally clause below like Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit("interrompu (SIGTERM)"))
    started = datetime.datetime.now()
    var = Path(tempfile.mkdtemp(prefix="maillage-load-"))
    redis_url = f"redis://127.0.0.1:6379/{options.redis_db}"
    secret_key = secrets.token_urlsafe(50)
    sampler = LoadSampler()
    results: dict = {"load_before": os.getloadavg()[0]}
    server: Gunicorn | None = None
    redis_taken = False
    try:
        sampler.start()
        empty_redis(redis_url, first=True)
        redis_taken = True
        log(f"site temporaire : {var}")
        if not options.live:
            # gunicorn imports some modules lazily, and recycles its workers: a file edited
            # during the run would be half old, half new. The copy is what is measured.
            global SOURCE
            SOURCE = var / "source"
            shutil.copytree(ROOT, SOURCE, ignore=shutil.ignore_patterns(*SNAPSHOT_IGNORED))
            log(f"code mesuré : copie de {ROOT} dans {SOURCE}")
        prepare_site(var, secret_key, redis_url)
        script = var / "summary.lua"
        script.write_text(WRK_SCRIPT)
        port = free_port()
        env = production_env(var, secret_key, redis_url, port)
        if options.workers:
            env["WEB_CONCURRENCY"] = str(options.workers)
        if options.max_requests is not None:
            env["GUNICORN_MAX_REQUESTS"] = str(options.max_requests)
        if options.threads:
            env["GUNICORN_THREADS"] = str(options.threads)
        server_errors: dict[str, int] = {}
        # What hub/gunicorn.conf.py chooses without WEB_CONCURRENCY and GUNICORN_THREADS.
        workers = options.workers or min((os.cpu_count() or 1) + 1, 8)
        options.threads = options.threads or 4
        if phases & {"p2", "p6"}:
            server = Gunicorn(var, {**env, "MAILLAGE_PAGE_CACHE_SECONDS": "300"}, port, "cache")
            server.start()
            if "p2" in phases:
                sampler.phase = "P2"
                results["p2"] = measure_p2(server, var, script, options)
            if "p6" in phases:
                sampler.phase = "P6"
                results["p6"] = run_p6(server, var, options)
            sampler.phase = "pause"
            counts, errors = server.server_errors()
            for status, count in counts.items():
                server_errors[status] = server_errors.get(status, 0) + count
            for line in errors:
                log(f"gunicorn : {line}")
            server.stop()
            server = None
        if "uncached" in phases:
            empty_redis(redis_url)
            server = Gunicorn(var, {**env, "MAILLAGE_PAGE_CACHE_SECONDS": "0"}, port, "sans-cache")
            server.start()
            sampler.phase = "sans cache"
            results["uncached"] = measure_uncached(server, script, options)
            sampler.phase = "fin"
            counts, errors = server.server_errors()
            for status, count in counts.items():
                server_errors[status] = server_errors.get(status, 0) + count
            for line in errors:
                log(f"gunicorn : {line}")
        if server is not None:
            server.stop()
            server = None
        if "cpu" in phases:
            empty_redis(redis_url)
            sampler.phase = "CPU"
            results["cpu"] = measure_cpu(var, options)
            sampler.phase = "fin"
        results["server_errors"] = server_errors
        results["load"] = {
            phase: sampler.summary(phase)
            for phase in ("préparation", "P2", "P6", "sans cache", "CPU")
        }
        if options.json:
            options.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))
        print(report(results, options, sampler, workers, started))
    finally:
        if server is not None:
            server.stop()
        if redis_taken:
            try:
                empty_redis(redis_url)
            except Exception as error:  # cleaning up must go on
                log(f"Redis : {error}")
        sampler.stopping.set()
        if options.keep:
            log(f"gardé : {var}")
        else:
            shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
