"""`manage.py es_index status|create|rebuild|delete`: the Elasticsearch index of this
environment (`ELASTICSEARCH_INDEX_PREFIX` + "documents").

- `status`: the alias, the index behind it and its number of documents;
- `create`: a first, empty index behind the alias if there is none;
- `rebuild`: a new index filled from the `SearchDocument` rows, then the alias swapped
  (progress bar on a terminal, summary line at the end);
- `delete --oui`: every index behind the alias.

The rows themselves are rebuilt from the contents by `manage.py rebuild_search`.
"""

import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.engines.elasticsearch import ElasticsearchEngine
from search.models import SearchDocument


class Command(BaseCommand):
    help = "Gère l'index Elasticsearch de cet environnement (état, création, reconstruction)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["status", "create", "rebuild", "delete"])
        parser.add_argument(
            "--oui", action="store_true", help="Confirme la suppression (action delete)."
        )

    def handle(self, *args, action, oui, **options):
        if not settings.ELASTICSEARCH_URL:
            raise CommandError(
                "ELASTICSEARCH_URL n'est pas défini : indiquez l'adresse du cluster "
                "(par exemple http://127.0.0.1:9200)."
            )
        engine = ElasticsearchEngine(timeout=max(settings.ELASTICSEARCH_TIMEOUT, 30))
        getattr(self, f"do_{action}")(engine, oui=oui)

    def do_status(self, engine, **_):
        indices = engine.live_indices()
        if not indices:
            self.stdout.write(f"Aucun index derrière l'alias {engine.alias}.")
            return
        count = engine.client.count(index=engine.alias).body["count"]
        self.stdout.write(
            f"Alias {engine.alias} -> {', '.join(indices)} : {count} documents "
            f"({SearchDocument.objects.count()} en base)."
        )

    def do_create(self, engine, **_):
        engine.ensure_index()
        self.stdout.write(f"Index prêt derrière l'alias {engine.alias}.")

    def do_rebuild(self, engine, **_):
        started = time.monotonic()
        documents = SearchDocument.objects.prefetch_related("facets", "access_groups").order_by(
            "pk"
        )
        bar = tqdm(
            total=documents.count(),
            unit=" doc",
            disable=not sys.stderr.isatty(),
            desc="Elasticsearch",
        )
        with bar:
            written = engine.rebuild(documents.iterator(chunk_size=500), progress=bar.update)
        self.stdout.write(
            f"Index {engine.alias} reconstruit : {written} documents en "
            f"{time.monotonic() - started:.1f} s ({', '.join(engine.live_indices())})."
        )

    def do_delete(self, engine, *, oui, **_):
        if not oui:
            raise CommandError("Ajoutez --oui pour supprimer l'index de cet environnement.")
        dropped = engine.drop()
        self.stdout.write(f"Index supprimés : {', '.join(dropped) or 'aucun'}.")
