"""`manage.py import_directory_csv FILE [--services FILE] [--dry-run]`: import structures
(and services) from the documented CSV format (docs/import-csv.md).

The logic is in `directory.importers.csv_import`; this command reads the files, shows a
progress bar on a terminal, prints every error and the summary, and fails (exit code 1)
when anything was refused, in which case nothing was saved.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from directory.importers.common import ImportFileError, progress
from directory.importers.csv_import import import_csv
from hub.cache import invalidate


class Command(BaseCommand):
    help = _(
        "Importe des structures (et leurs services) depuis un fichier CSV au format documenté "
        "dans docs/import-csv.md. Tout ou rien : une ligne en erreur et rien n'est enregistré."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("Fichier CSV des structures."))
        parser.add_argument(
            "--services", type=Path, default=None, help=_("Fichier CSV des services.")
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Valide et affiche le rapport sans rien enregistrer."),
        )

    def handle(self, *args, file: Path, services: Path | None, dry_run: bool, **options):
        try:
            with progress(None, _("Import CSV"), _(" lignes")) as advance:
                report = import_csv(
                    file,
                    services,
                    dry_run=dry_run,
                    progress=lambda n, label: advance(n),
                    structures_label=file.name,
                    services_label=services.name if services else "services",
                )
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        for error in report.errors:
            self.stderr.write(str(error))
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(report.summary())
        if not dry_run and not report.errors:
            # Bulk writes send no signal: the public pages that list the directory (the
            # page cache) are emptied here.
            invalidate()
        if report.errors:
            raise CommandError(
                _("%(count)s erreur(s) : corrigez le fichier et relancez l'import.")
                % {"count": len(report.errors)}
            )
