"""`manage.py load_communes`: load (or refresh) the communes gazetteer from the vendored
gzipped JSON file. Safe to run again: communes are upserted on their INSEE code."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from directory import gazetteer


class Command(BaseCommand):
    help = _(
        "Charge le référentiel des communes (codes INSEE, codes postaux, arrondissements) "
        "depuis le fichier JSON compressé. Peut être relancé sans risque."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            type=Path,
            default=None,
            help=_("Fichier .json.gz à charger (par défaut : MAILLAGE_GAZETTEER_FILE)."),
        )

    def handle(self, *args, file: Path | None = None, **options):
        started = time.perf_counter()
        path = file or Path(settings.MAILLAGE_GAZETTEER_FILE)
        try:
            # Every row is validated before the first write: a bad file changes nothing.
            rows = gazetteer.parse_rows(gazetteer.read_file(path))
            with self._progress(len(rows)) as advance:
                result = gazetteer.save_communes(rows, advance)
        except gazetteer.GazetteerError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self._summary(result, time.perf_counter() - started))

    @contextlib.contextmanager
    def _progress(self, total: int) -> Iterator[Callable[[int], object]]:
        """A tqdm bar on an interactive terminal; nothing in CI, tests or pipes."""
        if not self.stdout.isatty() or os.environ.get("CI"):
            yield lambda n: None
            return
        from tqdm import tqdm

        with tqdm(total=total, unit=" communes", desc=_("Communes"), leave=False) as bar:
            yield bar.update

    @staticmethod
    def _summary(result: gazetteer.LoadResult, seconds: float) -> str:
        def count(value: int) -> str:
            return number_format(value, force_grouping=True)

        summary = _(
            "Communes : %(read)s lues, %(created)s créées, %(updated)s mises à jour, "
            "%(unchanged)s inchangées, %(postal_codes)s codes postaux "
            "(%(added)s ajoutés, %(removed)s retirés)"
        ) % {
            "read": count(result.read),
            "created": count(result.created),
            "updated": count(result.updated),
            "unchanged": count(result.unchanged),
            "postal_codes": count(result.postal_codes),
            "added": count(result.postal_codes_added),
            "removed": count(result.postal_codes_removed),
        }
        if result.absent:
            summary += _(", %(absent)s absentes du fichier (conservées)") % {
                "absent": count(result.absent)
            }
        return summary + _(", en %(seconds)s s.") % {
            "seconds": number_format(seconds, decimal_pos=1)
        }
