"""`manage.py purge_personal_data [--dry-run]`: remove the personal data past its retention
period (`MAILLAGE_RETENTION`, hub/privacy/retention.py). Daily, from cron or a timer."""

from django.core.management.base import BaseCommand

from hub.privacy import retention


class Command(BaseCommand):
    help = (
        "Supprime les données personnelles dont la durée de conservation est dépassée "
        "(MAILLAGE_RETENTION). --dry-run liste ce qui serait supprimé, par nature."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Liste sans rien supprimer.")

    def handle(self, *args, dry_run, **options):
        listed = retention.purges()
        for purge in listed:
            self.stdout.write(f"  {purge.line()}")
        total = sum(len(purge.pks) for purge in listed)
        if dry_run:
            self.stdout.write(f"Simulation : {total} ligne(s) à traiter, rien n'a été modifié.")
            return
        done = retention.run(listed)
        self.stdout.write(f"Purge terminée : {done} ligne(s) supprimée(s) ou effacée(s).")
