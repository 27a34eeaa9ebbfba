"""Benchmark of `/guide/guide.pdf`: the whole guide as a PDF of at least 60 pages, cold.

Not a test: run it by hand, then copy the table into docs/benchmarks.md.

    .venv/bin/python bench/guide_pdf.py [--runs 3] [--min-pages 60]

1. Prepare (one process): migrate a fresh SQLite database in a temporary directory, load
   the demo (`load_demo`: the demo guide, its glossary and its frozen edition). The demo
   guide is shorter than 60 pages, so the script adds territorial parts (« Déclinaison
   territoriale : Grand Lyon », « Metz »...) whose chapters are copies of the demo's
   chapters (same blocks: rich text, callouts, procedures, "who to contact" reading the
   directory, legal references, testimonies, FAQ), until the PDF reaches `--min-pages`.
   These chapters exist only in the benchmark's temporary database.
2. Measure (`--runs` fresh processes): start Python and Django, then one request for
   `/guide/guide.pdf` through Django's test client, as an administrator (who sees every
   chapter: the biggest PDF), with an empty PDF cache. Reported: the request's wall time,
   the process's wall time, the peak RSS of the process (`resource.getrusage`, which
   includes Django's start-up) and the RSS after start-up.

Goal (issue 5): at most 8 s and at most 300 MB peak.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TERRITORIES = ["Grand Lyon", "Metz", "Marseille", "Paris"]
BENCH_ADMIN = "bench.admin"


def setup_django(directory: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["MAILLAGE_VAR_DIR"] = str(directory)
    os.environ["DJANGO_SETTINGS_MODULE"] = "hub.settings.dev"
    # Production-like: with DEBUG on, Django keeps every query in memory.
    os.environ["DEBUG"] = "false"
    os.environ["CI"] = "1"  # no progress bars
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    # Until hub/urls.py includes them, put the PDF URL patterns in front.
    from django.urls import Resolver404, resolve

    try:
        resolve("/guide/guide.pdf")
    except Resolver404:
        import types

        from django.urls import clear_url_caches, include, path

        module = types.ModuleType("bench_guide_pdf_urls")
        module.urlpatterns = [
            path("", include("guide.pdf.urls")),
            path("", include(settings.ROOT_URLCONF)),
        ]
        sys.modules[module.__name__] = module
        settings.ROOT_URLCONF = module.__name__
        clear_url_caches()


def render_pages(client) -> tuple[int, int]:
    """(pages, bytes) of the guide's PDF, rendered now (cache emptied first)."""
    import io as _io

    from pypdf import PdfReader

    from guide.pdf import cache

    cache.invalidate()
    response = client.get("/guide/guide.pdf", SERVER_NAME="localhost")
    if response.status_code != 200:
        sys.exit(f"/guide/guide.pdf a répondu {response.status_code} : {response.content[:300]!r}")
    return len(PdfReader(_io.BytesIO(response.content)).pages), len(response.content)


def admin_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.get(username=BENCH_ADMIN)
    client = Client()
    client.force_login(user)
    return client


def copy_chapters(index, territory: str, position: int, limit: int | None = None) -> int:
    """A part « Déclinaison territoriale : <territory> » holding a copy of the demo's
    chapters (the first `limit`, or all; the same blocks, public). Returns the number of
    chapters added."""
    from django.utils.text import slugify

    from guide.models import GuideChapterPage, GuidePartPage

    originals = list(GuideChapterPage.objects.descendant_of(index).live())
    originals = [c for c in originals if not c.slug.startswith("banc-")][:limit]
    slug = f"banc-{slugify(territory)}"
    part = GuidePartPage(
        title=f"Déclinaison territoriale : {territory}",
        slug=slug,
        intro=(
            f"Les chapitres du guide tels que le territoire {territory} les complète "
            "(contenu généré pour le banc d'essai du PDF)."
        ),
    )
    index.add_child(instance=part)
    part.save_revision().publish()
    for number, original in enumerate(originals, start=1):
        chapter = GuideChapterPage(
            title=f"{original.title} ({territory})",
            slug=f"banc-{position}-{number}-{original.slug}"[:250],
            intro=original.intro,
            owner_family_id=original.owner_family_id,
            audience=GuideChapterPage.Audience.PUBLIC,
            body=json.dumps(list(original.body.raw_data)),
        )
        part.add_child(instance=chapter)
        chapter.save_revision().publish()
    return len(originals)


def prepare(directory: Path, min_pages: int) -> dict:
    setup_django(directory)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from guide.models import GuideChapterPage, GuideIndexPage

    started = time.perf_counter()
    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    get_user_model().objects.create_superuser(BENCH_ADMIN, "bench@example.org", "x" * 24)
    index = GuideIndexPage.objects.get()
    demo_chapters = GuideChapterPage.objects.descendant_of(index).live().count()
    client = admin_client()
    pages, size = render_pages(client)
    demo_pages = pages
    added, limit = 0, None
    for position, territory in enumerate(TERRITORIES * 4):
        if pages >= min_pages:
            break
        before = pages
        count = copy_chapters(
            index, territory if position < 4 else f"{territory} {position}", position, limit
        )
        added += count
        pages, size = render_pages(client)
        # Just enough chapters next time: the pages one copied chapter adds, measured.
        per_chapter = max((pages - before) / max(count, 1), 0.5)
        limit = max(1, math.ceil((min_pages - pages) / per_chapter))
    if pages < min_pages:
        sys.exit(f"Le guide ne fait que {pages} pages après ajout de {added} chapitres.")
    return {
        "demo_chapters": demo_chapters,
        "demo_pages": demo_pages,
        "added_chapters": added,
        "chapters": GuideChapterPage.objects.live().count(),
        "pages": pages,
        "bytes": size,
        "prepare_seconds": time.perf_counter() - started,
    }


def measure(directory: Path) -> dict:
    process_started = time.perf_counter()
    setup_django(directory)
    client = admin_client()
    # The PDF cache is empty: a cold render (no PDF cached, WeasyPrint not yet imported).
    from guide.pdf import cache

    cache.invalidate()
    # Time WeasyPrint apart from building the HTML (the chapters' blocks, the glossary
    # marks, the directory look-ups of "who to contact").
    from guide.pdf import service

    weasyprint_seconds = []
    original = service.render_pdf

    def timed(html, base_url, **kwargs):
        started = time.perf_counter()
        try:
            return original(html, base_url, **kwargs)
        finally:
            weasyprint_seconds.append(time.perf_counter() - started)

    service.render_pdf = timed
    rss_startup = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    response = client.get("/guide/guide.pdf", SERVER_NAME="localhost")
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        sys.exit(f"/guide/guide.pdf a répondu {response.status_code}")
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(response.content)).pages)
    return {
        "seconds": seconds,
        "weasyprint_seconds": sum(weasyprint_seconds),
        "process_seconds": time.perf_counter() - process_started,
        "pages": pages,
        "bytes": len(response.content),
        # ru_maxrss is in kilobytes on Linux.
        "rss_startup_mb": rss_startup / 1024,
        "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def child(args: list[str]) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--min-pages", type=int, default=60)
    parser.add_argument("--prepare", metavar="DIR", help=argparse.SUPPRESS)
    parser.add_argument("--measure", metavar="DIR", help=argparse.SUPPRESS)
    options = parser.parse_args()

    if options.prepare:
        print(json.dumps(prepare(Path(options.prepare), options.min_pages)))
        return
    if options.measure:
        print(json.dumps(measure(Path(options.measure))))
        return

    with tempfile.TemporaryDirectory(prefix="bench-guide-pdf-") as name:
        directory = Path(name)
        prepared = child(["--prepare", str(directory), "--min-pages", str(options.min_pages)])
        print(
            f"  prepared in {prepared['prepare_seconds']:.1f} s: demo guide "
            f"{prepared['demo_chapters']} chapters, {prepared['demo_pages']} pages; "
            f"{prepared['added_chapters']} chapters added; {prepared['chapters']} chapters, "
            f"{prepared['pages']} pages",
            file=sys.stderr,
        )
        runs = []
        for number in range(options.runs):
            runs.append(child(["--measure", str(directory)]))
            print(
                f"  run {number + 1}: {runs[-1]['seconds']:.2f} s "
                f"(WeasyPrint {runs[-1]['weasyprint_seconds']:.2f} s), "
                f"{runs[-1]['rss_peak_mb']:.0f} MB, load average {os.getloadavg()[0]:.1f}",
                file=sys.stderr,
            )

    import sqlite3

    import django
    import weasyprint

    load = os.getloadavg()[0]
    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"WeasyPrint {weasyprint.__version__}, SQLite {sqlite3.sqlite_version}, "
        f"{os.cpu_count()} CPU (load average {load:.1f} at the end); median of "
        f"{options.runs} fresh processes, administrator (every chapter), empty PDF cache\n"
    )
    print(
        "| PDF | Pages | Size | Request (cold) | of which WeasyPrint | Process "
        "| RSS after start-up | Peak RSS |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| `/guide/guide.pdf`, {prepared['chapters']} chapters "
        f"({prepared['demo_chapters']} demo + {prepared['added_chapters']} copies) "
        f"| {runs[0]['pages']} | {runs[0]['bytes'] / 1e6:.2f} MB "
        f"| {statistics.median(r['seconds'] for r in runs):.2f} s "
        f"| {statistics.median(r['weasyprint_seconds'] for r in runs):.2f} s "
        f"| {statistics.median(r['process_seconds'] for r in runs):.2f} s "
        f"| {max(r['rss_startup_mb'] for r in runs):.0f} MB "
        f"| {max(r['rss_peak_mb'] for r in runs):.0f} MB |"
    )


if __name__ == "__main__":
    main()
