"""`manage.py restore_site ARCHIVE [--force]`: restore an archive of `backup_site` into a
freshly migrated, empty database, then rebuild the search index (see hub/backup/)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hub.backup import BackupError, restore_site


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde (base et médias) dans une base neuve et migrée, vérifie "
        "la signature et les sommes de contrôle, puis reconstruit l'index de recherche."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="Archive .tar.gz écrite par backup_site.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Remplace le contenu d'une base qui n'est pas vide.",
        )

    def handle(self, *args, archive, force, **options):
        try:
            result = restore_site(archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        expected = result.manifest["comptes"]
        self.stdout.write(
            f"Restauration de {archive} (sauvegarde du {result.manifest['cree_le']}) :"
        )
        width = max(len(key) for key in [*expected, "fichiers médias"])
        all_equal = True
        for key, value in expected.items():
            now = result.counts.get(key)
            mark = "ok" if now == value else "DIFFÉRENT"
            all_equal &= now == value
            self.stdout.write(f"  {key:<{width}}  manifeste {value:>7}  restauré {now:>7}  {mark}")
        media_expected = len(result.manifest["medias"])
        self.stdout.write(
            f"  {'fichiers médias':<{width}}  manifeste {media_expected:>7}  "
            f"restauré {result.media_files:>7}  "
            f"{'ok' if media_expected == result.media_files else 'DIFFÉRENT'}"
        )
        for warning in result.warnings:
            self.stderr.write(f"Attention : {warning}")
        indexed = sum(result.search_documents.values())
        self.stdout.write(
            f"Restauration terminée en {result.seconds:.1f} s : sommes de contrôle vérifiées, "
            f"{indexed} documents de recherche reconstruits"
            + ("." if all_equal else " ; des nombres diffèrent du manifeste (voir ci-dessus).")
        )
