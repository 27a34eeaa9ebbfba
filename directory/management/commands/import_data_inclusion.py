"""`manage.py import_data_inclusion --structures FILE [--services FILE] [--dry-run]`: import
data·inclusion schema v1 records (JSON array or JSON Lines). The logic, and what is left
out on purpose, is in `directory.importers.data_inclusion`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from directory.importers.common import ImportFileError, progress
from directory.importers.data_inclusion import import_data_inclusion
from hub.cache import invalidate

# Enough to fix a file; the count says how many more there are.
MAX_PRINTED_ERRORS = 1000


class Command(BaseCommand):
    help = _(
        "Importe des structures et des services au format data·inclusion (schéma v1), en "
        "tableau JSON ou en JSON Lines. Tout ou rien : une erreur et rien n'est enregistré."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--structures", type=Path, required=True, help=_("Fichier des structures.")
        )
        parser.add_argument("--services", type=Path, default=None, help=_("Fichier des services."))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Valide et affiche le rapport sans rien enregistrer."),
        )

    def handle(self, *args, structures: Path, services: Path | None, dry_run: bool, **options):
        try:
            with progress(None, _("Import data·inclusion"), _(" enregistrements")) as advance:
                report = import_data_inclusion(
                    structures, services, dry_run=dry_run, progress=advance
                )
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        for error in report.errors[:MAX_PRINTED_ERRORS]:
            self.stderr.write(str(error))
        if len(report.errors) > MAX_PRINTED_ERRORS:
            self.stderr.write(
                _("… et %(count)s autres erreurs.")
                % {"count": len(report.errors) - MAX_PRINTED_ERRORS}
            )
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(report.summary())
        if not dry_run and not report.errors:
            # Bulk writes send no signal: the public pages that list the directory (the
            # page cache) are emptied here.
            invalidate()
        if report.errors:
            raise CommandError(
                _("%(count)s erreur(s) : corrigez les fichiers et relancez l'import.")
                % {"count": len(report.errors)}
            )
