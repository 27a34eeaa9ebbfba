"""`manage.py load_demo`: the hub's demo content, built from the four seed documents.

The work is done by `hub.demo.loader.load_demo` (see its docstring); this command only
refuses production settings unless `--allow-production` is given, and prints the demo
accounts and a summary line. Running it twice changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from hub.demo import sync
from hub.demo.loader import DEMO_PASSWORD, DemoError, load_demo, refuse_production


class Command(BaseCommand):
    help = "Charge (ou met à jour) le contenu de démonstration à partir des documents sources."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Autorise le chargement avec les réglages de production (comptes de démo !).",
        )

    def handle(self, *args, **options):
        try:
            refuse_production(options["allow_production"])
            report = load_demo()
        except DemoError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Comptes de démonstration (mot de passe commun : {DEMO_PASSWORD}) :")
        for username, role, family in report.accounts:
            self.stdout.write(f"  {username:<22} {role:<15} {family}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Démo : {len(report.statuses)} pages "
                f"({report.count(sync.STATUS_CREATED)} créées, "
                f"{report.count(sync.STATUS_UPDATED)} mises à jour, "
                f"{report.count(sync.STATUS_UNCHANGED)} inchangées), "
                f"{len(report.accounts)} comptes, en {report.elapsed:.1f} s."
            )
        )
