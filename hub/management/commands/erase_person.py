"""`manage.py erase_person --email ADRESSE | --contact ID [--name "Prénom Nom"] [--dry-run]`:
erase a person and every copy the hub keeps of them (hub/privacy/erasure.py)."""

from django.core.management.base import BaseCommand, CommandError

from hub.privacy.erasure import ErasureError, erase_person


class Command(BaseCommand):
    help = (
        "Efface une personne : son compte et ses demandes (par adresse électronique) ou un "
        "contact de l'annuaire, et leurs copies (révisions, éditions gelées, journaux, "
        "index de recherche, caches). --dry-run liste ce qui serait touché."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", help="Adresse électronique de la personne.")
        parser.add_argument(
            "--contact",
            type=int,
            action="append",
            default=[],
            metavar="ID",
            help="Identifiant d'un contact de l'annuaire (répétable).",
        )
        parser.add_argument(
            "--name",
            action="append",
            default=[],
            help="Nom complet à chercher aussi dans les textes (« Prénom Nom », répétable).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Liste ce qui serait touché, sans rien modifier."
        )

    def handle(self, *args, email, contact, name, dry_run, **options):
        try:
            plan = erase_person(email=email, contact_ids=contact, names=name, dry_run=dry_run)
        except ErasureError as error:
            raise CommandError(str(error)) from None
        for line in plan.lines():
            self.stdout.write(f"  {line}")
        if dry_run:
            self.stdout.write("Simulation : rien n'a été modifié.")
        else:
            self.stdout.write(f"Effacement terminé : {plan.person.pseudonym}.")
