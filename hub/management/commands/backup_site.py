"""`manage.py backup_site --output DIR`: the database and the media files of the site in one
dated archive with its signed manifest (see hub/backup/)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hub.backup import BackupError, backup_site


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de données et les médias dans une archive datée "
        "(maillage-sauvegarde-AAAAMMJJ-HHMMSS.tar.gz) avec son manifeste."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            required=True,
            type=Path,
            help="Dossier où écrire l'archive (créé s'il n'existe pas).",
        )

    def handle(self, *args, output, **options):
        try:
            result = backup_site(output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        counts = manifest["comptes"]
        size = result.path.stat().st_size
        self.stdout.write(
            f"Sauvegarde écrite : {result.path} ({size / 1_000_000:.1f} Mo) : "
            f"{counts['pages']} pages, {counts['documents']} documents, "
            f"{counts['images']} images, {counts['comptes']} comptes, "
            f"{len(manifest['medias'])} fichiers médias, en {result.seconds:.1f} s."
        )
        if manifest["fichiers_manquants"]:
            self.stderr.write(
                f"Attention : {len(manifest['fichiers_manquants'])} fichier(s) de documents "
                "ou d'images sont absents de MEDIA_ROOT et ne sont donc pas sauvegardés : "
                + ", ".join(manifest["fichiers_manquants"][:10])
            )
        self.stdout.write(
            "L'archive contient les empreintes des mots de passe et les secrets des seconds "
            "facteurs : conservez-la chiffrée, hors du serveur."
        )
