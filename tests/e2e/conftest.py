"""Browser tests: a real server with the demo, driven by Playwright and Debian's Chromium.

Once per test session and xdist worker (see README.md here), a server is
started in a temporary folder, as `.ci/smoke.py` does: a fresh SQLite database (or, when
`MAILLAGE_E2E_DATABASE_URL` names one, a fresh PostgreSQL database), `migrate`,
`load_communes`, `load_demo`, then gunicorn (or `runserver --noreload` when gunicorn is
missing) on a free 127.0.0.1 port. E-mails go to files in that folder. Each test gets its
own browser context (no shared cookies) at 1280×800, in French, with every request that
leaves 127.0.0.1 refused.

Without Chromium (or Playwright), the tests skip with the reason; in CI (`CI=true`) they
fail instead, so that a broken install is never mistaken for a green run.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e import helpers

PY = sys.executable
SETTINGS = "tests.e2e.settings"
# Variables of the developer's or CI's environment that would point the server elsewhere.
FOREIGN_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "SEARCH_ENGINE",
    "ELASTICSEARCH_URL",
    "MEDIA_ROOT",
    "ALLOWED_HOSTS",
    "SECRET_KEY",
)


def browser_problem() -> str | None:
    if helpers.sync_playwright is None:
        return "Playwright n'est pas installé (pip install -e '.[dev]')."
    if not helpers.CHROMIUM.exists():
        return (
            f"{helpers.CHROMIUM} est absent : apt-get install -y --no-install-recommends "
            "chromium (ou MAILLAGE_CHROMIUM=chemin du navigateur)."
        )
    return None


def require_browser():
    problem = browser_problem()
    if problem is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Tests navigateur impossibles en CI : {problem}", pytrace=False)
    pytest.skip(f"Tests navigateur ignorés : {problem}")


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    env: dict
    folder: Path

    @property
    def mail_dir(self) -> Path:
        return self.folder / "mails"

    def manage(self, *args: str) -> str:
        """Run a management command with the server's settings and database."""
        done = subprocess.run(
            [PY, "manage.py", *args],
            cwd=helpers.ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} :\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def shell(self, code: str) -> str:
        """Python run by `manage.py shell` in the server's environment; returns its output."""
        return self.manage("shell", "--no-imports", "-c", code)

    def mails(self):
        return helpers.read_mails(self.mail_dir) if self.mail_dir.exists() else []


def _wait_until_up(url, process, log):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Le serveur s'est arrêté :\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/", timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers: good enough
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"Le serveur ne répond pas sur {url} :\n{log.read_text()[-3000:]}")


def fresh_postgres_database(url: str) -> str:
    """An empty PostgreSQL database for the server (`MAILLAGE_E2E_DATABASE_URL`, as
    `make test-postgres` sets it): dropped and created again, one per xdist worker."""
    import psycopg

    base, _, name = url.rpartition("/")
    fresh = f"{base}/{name}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    drop_postgres_database(fresh)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{fresh.rpartition("/")[2]}"')
    return fresh


def drop_postgres_database(url: str):
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def hub_server():
    require_browser()
    # MAILLAGE_E2E_FOLDER (for working on the tests): a folder kept between runs, whose
    # database is built once. Otherwise a temporary folder, removed at the end.
    # Each xdist worker that runs browser tests starts its own server (see the note on
    # `--dist loadgroup` in tests/e2e/README.md), so a kept folder is per worker too.
    kept = os.environ.get("MAILLAGE_E2E_FOLDER")
    if kept:
        kept = os.path.join(kept, os.environ.get("PYTEST_XDIST_WORKER", "main"))
    folder = Path(kept) if kept else Path(tempfile.mkdtemp(prefix="maillage-e2e-"))
    folder.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {key: value for key, value in os.environ.items() if key not in FOREIGN_VARIABLES}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "MAILLAGE_VAR_DIR": str(folder),
            "DEBUG": "true",  # the development settings: Django serves the static files
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(folder / "mails"),
            # Links in e-mails point to this server.
            "WAGTAILADMIN_BASE_URL": url,
            "PYTHONUNBUFFERED": "1",
        }
    )
    database_url = os.environ.get("MAILLAGE_E2E_DATABASE_URL")
    if database_url:
        env["DATABASE_URL"] = fresh_postgres_database(database_url)
    server = LiveServer(url=url, env=env, folder=folder)
    started = time.monotonic()
    if database_url or not (folder / "maillage.sqlite3").exists():
        server.manage("migrate", "--noinput", "-v", "0")
        server.manage("load_communes")
    server.manage("load_demo")
    log = folder / "server.log"
    if importlib.util.find_spec("gunicorn") is not None:
        # One process, several threads: the locmem cache and django-otp's throttling
        # behave as on a single production worker.
        command = [
            PY,
            "-m",
            "gunicorn",
            "hub.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "8",
            "--timeout",
            "60",
        ]
    else:
        command = [PY, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=helpers.ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        _wait_until_up(url, process, log)
        print(f"\nServeur de test prêt sur {url} en {time.monotonic() - started:.0f} s ({folder}).")
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        if not kept:
            shutil.rmtree(folder, ignore_errors=True)
        if database_url:
            drop_postgres_database(env["DATABASE_URL"])


@pytest.fixture(scope="module")
def browser():
    """Chromium, for one test module. Not for the whole session: while Playwright's sync API
    runs, its event loop makes Django refuse database calls in this thread
    (SynchronousOnlyOperation), which would break the next tests of this xdist worker."""
    require_browser()
    with helpers.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(helpers.CHROMIUM), headless=True, args=helpers.CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser, hub_server):
    """Make fresh browser contexts (a second person, another session) for this test."""
    contexts = []

    def make():
        context = browser.new_context(
            base_url=hub_server.url,
            viewport=helpers.VIEWPORT,
            locale="fr-FR",
            accept_downloads=True,
        )
        context.route(helpers.NOT_OUR_SERVER, lambda route: route.abort())
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()
