"""Smoke test: a fresh SQLite database, the gazetteer, the demo, then a real server
answering 200 on every public page (found in the database, plus the sitemap).

Run by `make smoke` and by .ci/run. Exits non-zero and names the page on any failure.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main():
    var = tempfile.mkdtemp(prefix="maillage-smoke-")
    env = {**os.environ, "MAILLAGE_VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "hub.settings.dev"}
    env.pop("DATABASE_URL", None)
    for command in (["migrate", "--noinput", "-v", "0"], ["load_communes"], ["load_demo"]):
        subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=env, check=True)
    urls = subprocess.run(
        [
            PY,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from wagtail.models import Page\n"
            "for p in Page.objects.live().public().filter(depth__gt=1).specific():\n"
            "    print(p.url)",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    # `shell` may print its own lines ("N objects imported automatically"): keep paths.
    urls = [url for url in urls if url.startswith("/")]
    urls += ["/sitemap.xml", "/static/css/maillage.css"]
    # The directory: search, map, an entry, "qui contacter ?", and the read API.
    urls += [
        "/annuaire/",
        "/annuaire/?q=cmp&lieu=Metz",
        "/annuaire/?lieu=57463&rayon=10&type=cmp",
        "/annuaire/carte/",
        "/annuaire/clsm-metz/",
        "/qui-contacter/?lieu=57463",
        "/qui-contacter/?lieu=Paris+11e",
        "/api/annuaire.geojson",
        "/api/annuaire.csv",
        "/api/annuaire.xlsx",
        "/api/data-inclusion/structures.json",
        "/api/data-inclusion/services.json",
    ]
    port = free_port()
    server = subprocess.Popen(
        [PY, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    failures = []
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        for url in urls:
            try:
                with urllib.request.urlopen(base + url, timeout=10) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            print(f"{status} {url}")
            if status != 200:
                failures.append(url)
    finally:
        server.terminate()
        server.wait(timeout=10)
    if len(urls) < 12:
        failures.append(f"seulement {len(urls)} pages publiques")
    if failures:
        sys.exit(f"Smoke : échec sur {', '.join(failures)}")
    print(f"Smoke : {len(urls)} adresses publiques répondent 200.")


if __name__ == "__main__":
    main()
