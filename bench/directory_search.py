"""Benchmark of the directory search (`directory.query.search_directory`) at 10k and 200k
search documents, on SQLite and on PostgreSQL.

Not a test: run it by hand, then copy the table into docs/benchmarks.md.

    .venv/bin/python bench/directory_search.py                      # SQLite only
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \\
        .venv/bin/python bench/directory_search.py                  # SQLite and PostgreSQL

Each database is a scratch one (a temporary SQLite file; a `bench_search` database on the
PostgreSQL server, created and dropped here; the database named in DATABASE_URL is never
touched). It is migrated, the communes are loaded, then synthetic search documents are
written straight into the search tables (the query reads only those): titles and texts
built from the directory's own vocabulary, communes drawn in proportion to their
population, positions jittered around the commune's centre, 1 to 3 thématiques and 1 to 2
publics, a tier (90 % public, 7 % partners, 3 % family, a third of which carry a second
group clause, as a service of an instance under a family structure does) and the facets
that go with them.

Measured: the whole data of one result page, as the view asks for it (place resolution,
count, the 20 results, the five facet counts), for an anonymous visitor and for an
accredited family member (whose filter probes the group clauses), for queries
"text + commune + 2 facets" (the issue's case) and, for information, "text only" and
"commune + 10 km radius". 200 queries per case after 20 warm-up queries; p50 and p95.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# BENCH_DATABASE: another scratch name, for two runs side by side.
SCRATCH_DATABASE = os.environ.get("BENCH_DATABASE", "bench_search")

WORDS = [
    ("CMP adultes", "cmp", ["sante"], ["tous-publics"]),
    ("Centre médico-psychologique enfants", "cmp", ["sante", "famille"], ["jeunes"]),
    ("Équipe mobile psychiatrie précarité", "equipe-mobile", ["sante"], ["tous-publics"]),
    (
        "Logement accompagné et sous-location",
        "logement-accompagne",
        ["logement-hebergement"],
        ["personnes-en-situation-de-handicap"],
    ),
    (
        "Résidence accueil",
        "logement-accompagne",
        ["logement-hebergement", "sante"],
        ["personnes-en-situation-de-handicap"],
    ),
    ("Office public de l'habitat", "bailleur-social", ["logement-hebergement"], ["tous-publics"]),
    (
        "Groupe d'entraide mutuelle",
        "gem",
        ["remobilisation", "sante"],
        ["personnes-en-situation-de-handicap"],
    ),
    (
        "Service mandataire judiciaire curatelle",
        "association",
        ["difficultes-administratives-ou-juridiques", "difficultes-financieres"],
        ["seniors"],
    ),
    (
        "Centre communal d'action sociale",
        "collectivite",
        ["difficultes-financieres", "logement-hebergement"],
        ["tous-publics"],
    ),
    (
        "Hébergement d'urgence et SIAO",
        "association",
        ["logement-hebergement"],
        ["personnes-en-situation-durgence"],
    ),
    ("Association de familles UNAFAM", "usagers-familles", ["famille", "sante"], ["familles"]),
    ("Centre hospitalier spécialisé", "hopital", ["sante"], ["tous-publics"]),
]
QUERY_TEXTS = ["cmp", "logement", "hebergement", "curatelle", "entraide", "sante", "habitat"]
# The broad mix (issue 19): common words (in a third to all of the documents), rare ones,
# two-word queries, and queries of only stop words or punctuation.
COMMON_WORDS = ["logement", "sante", "centre", "accompagne", "service", "public"]
RARE_WORDS = ["unafam", "siao", "mutuelle", "precarite", "judiciaire", "enfants", "specialise"]
TWO_WORDS = ["cmp adultes", "logement accompagne", "centre hospitalier", "hebergement urgence"]
STOP_QUERIES = ["le de la", "de", "les et des", "?!", "« »", "à la"]
FAMILIES = [
    "bailleurs-gestionnaires",
    "psychiatrie-publique",
    "accompagnement-social",
    "usagers-familles",
    "collectivites-etat",
    "autres",
]


def scratch_urls(database_url: str | None) -> list[tuple[str, str]]:
    urls = [("SQLite", "sqlite:///" + os.path.join(tempfile.mkdtemp(), "bench.sqlite3"))]
    if database_url and database_url.startswith("postgres"):
        parts = urlsplit(database_url)
        urls.append(("PostgreSQL", urlunsplit(parts._replace(path=f"/{SCRATCH_DATABASE}"))))
    return urls


def run_worker(label: str, url: str, sizes: list[int], queries: int) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "hub.settings.dev",
        "DEBUG": "false",
        "CI": "1",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [*manage, "load_communes"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--worker",
            label,
            "--sizes",
            ",".join(map(str, sizes)),
            "--queries",
            str(queries),
        ],
        env=env,
        check=True,
        cwd=ROOT,
    )


def worker(label: str, sizes: list[int], queries: int) -> None:
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser, Group
    from django.db import connection, transaction

    from directory.models import Commune
    from directory.query import DirectoryQuery, search_directory
    from search.models import SearchDocument, SearchDocumentGroup, SearchFacet
    from search.text import normalize

    rng = random.Random(2026)
    communes = list(
        Commune.objects.filter(latitude__isnull=False, population__gt=0)
        .exclude(code__in=["75056", "69123", "13055"])
        .values_list("code", "name", "latitude", "longitude", "population")
    )
    weights = [row[4] for row in communes]
    group, _ = Group.objects.get_or_create(name="Bench : famille")
    other, _ = Group.objects.get_or_create(name="Bench : instance")

    def make(count: int, start: int) -> None:
        picked = rng.choices(communes, weights=weights, k=count)
        docs, facets_of = [], []
        for index, (code, name, lat, lng, _pop) in enumerate(picked):
            title, kind, themes, publics = rng.choice(WORDS)
            roll = rng.random()
            tier = "public" if roll < 0.9 else "partners" if roll < 0.97 else "family"
            full_title = f"{title} de {name} n° {start + index}"
            docs.append(
                SearchDocument(
                    source="bench.synthetic",
                    object_id=start + index,
                    kind="structure",
                    subkind=kind,
                    subkind_label=kind,
                    title=full_title[:255],
                    summary=f"{title} à {name}.",
                    url=f"/annuaire/bench-{start + index}/",
                    search_text=normalize(full_title, title, name, " ".join(themes)),
                    commune_code=code,
                    commune_name=name,
                    address=f"1 rue de la Gare, {name}",
                    latitude=lat + rng.uniform(-0.02, 0.02),
                    longitude=lng + rng.uniform(-0.02, 0.02),
                    access_tier=tier,
                )
            )
            chosen = set(rng.sample(themes, k=rng.randint(1, len(themes))))
            facets_of.append(
                [("type", kind), ("commune", code), ("famille", rng.choice(FAMILIES))]
                + [("thematique", t) for t in chosen]
                + [("public", p) for p in publics]
            )
        with transaction.atomic():
            created = SearchDocument.objects.bulk_create(docs, batch_size=2000)
            SearchFacet.objects.bulk_create(
                [
                    SearchFacet(document=doc, name=n, value=v)
                    for doc, facets in zip(created, facets_of, strict=True)
                    for n, v in facets
                ],
                batch_size=5000,
            )
            # Family documents: one clause (the family), and for one in three a second
            # clause (a service of an instance under a family structure: both needed).
            SearchDocumentGroup.objects.bulk_create(
                [
                    SearchDocumentGroup(document=doc, clause=clause, group=clause_group)
                    for doc in created
                    if doc.access_tier == "family"
                    for clause, clause_group in enumerate(
                        [group, other] if doc.object_id % 3 == 0 else [group]
                    )
                ],
                batch_size=5000,
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        else:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def cases():
        query_rng = random.Random(7)
        weighted = query_rng.choices(communes, weights=weights, k=queries + 20)
        # Half of the places drawn by population (big cities), half uniformly (villages).
        uniform = query_rng.choices(communes, k=queries + 20)
        for index, row in enumerate(weighted):
            place = row if index % 2 else uniform[index]
            title, kind, themes, _publics = query_rng.choice(WORDS)
            words = query_rng.choice([COMMON_WORDS, RARE_WORDS, TWO_WORDS, QUERY_TEXTS])
            yield {
                "text + commune + 2 facets": DirectoryQuery(
                    text=query_rng.choice(words),
                    place=place[0],
                    facets={"type": [kind], "thematique": [query_rng.choice(themes)]},
                ),
                "one word, broad mix": DirectoryQuery(
                    text=query_rng.choice(COMMON_WORDS + RARE_WORDS + QUERY_TEXTS)
                ),
                "« logement »": DirectoryQuery(text="logement"),
                "text, broad mix": DirectoryQuery(text=query_rng.choice(words)),
                "stop words only (+ commune half the time)": DirectoryQuery(
                    text=query_rng.choice(STOP_QUERIES), place=place[0] if index % 2 else ""
                ),
                "commune + 10 km": DirectoryQuery(place=place[0], radius_km=10),
            }

    from django.contrib.auth import get_user_model

    member, _ = get_user_model().objects.get_or_create(username="bench.membre")
    member.groups.add(group)
    readers = {"anonymous": AnonymousUser(), "family member": member}
    # A database prepared by an earlier run keeps its documents (DATABASE_URL of a file).
    done = SearchDocument.objects.filter(source="bench.synthetic").count()
    for size in sizes:
        started = time.perf_counter()
        if size > done:
            make(size - done, done)
        built = time.perf_counter() - started
        done = size
        timings: dict[str, list[float]] = {}
        for index, case in enumerate(cases()):
            for name, query in case.items():
                for role, reader in readers.items():
                    t0 = time.perf_counter()
                    results = search_directory(reader, query)
                    list(results.page.object_list)
                    elapsed = (time.perf_counter() - t0) * 1000
                    if index >= 20:
                        timings.setdefault(f"{name}, {role}", []).append(elapsed)
        for name, values in timings.items():
            values.sort()
            p95 = values[int(len(values) * 0.95) - 1]
            print(
                f"| {label} | {size:,} | {name} | {statistics.median(values):.1f} ms "
                f"| {p95:.1f} ms | {values[-1]:.1f} ms | (documents written in {built:.0f} s; "
                f"load {os.getloadavg()[0]:.1f}) |",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,200000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--worker")
    parser.add_argument("--only", choices=["SQLite", "PostgreSQL"], help="one database only")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.worker:
        worker(args.worker, sizes, args.queries)
        return
    print(
        f"Machine: {platform.platform()}, {os.cpu_count()} CPU, Python {platform.python_version()}"
    )
    print("| Database | Documents | Query | p50 | p95 | worst | |\n|---|---|---|---|---|---|---|")
    for label, url in scratch_urls(os.environ.get("DATABASE_URL")):
        if args.only and label != args.only:
            continue
        if label == "PostgreSQL":
            admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
            for sql in (
                f"DROP DATABASE IF EXISTS {SCRATCH_DATABASE}",
                f"CREATE DATABASE {SCRATCH_DATABASE}",
            ):
                subprocess.run(["psql", admin, "-q", "-c", sql], check=True)
        try:
            run_worker(label, url, sizes, args.queries)
        finally:
            if label == "PostgreSQL":
                subprocess.run(
                    ["psql", admin, "-q", "-c", f"DROP DATABASE IF EXISTS {SCRATCH_DATABASE}"],
                    check=False,
                )


if __name__ == "__main__":
    main()
