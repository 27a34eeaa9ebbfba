"""`manage.py rebuild_search`: rebuild every search document from its source, with a
progress bar on a terminal and a summary line."""

import sys
import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from hub.cache import invalidate
from search.indexing import rebuild
from search.registry import models


class Command(BaseCommand):
    help = "Reconstruit l'index de recherche à partir des contenus."

    def handle(self, *args, **options):
        started = time.monotonic()
        total = sum(model.objects.count() for model in models())
        bar = tqdm(
            total=total,
            unit=" doc",
            disable=not sys.stderr.isatty(),
            desc="Indexation",
        )
        with bar:
            counts = rebuild(progress=bar.update)
        # Cached pages (the directory list, the map) were drawn from the old documents.
        invalidate()
        detail = ", ".join(f"{source} : {count}" for source, count in counts.items())
        self.stdout.write(
            f"Index reconstruit : {sum(counts.values())} documents en "
            f"{time.monotonic() - started:.1f} s ({detail})."
        )
