"""`manage.py load_directory_demo`: the directory's demo entries (see directory/demo.py).
Safe to run again: entries are matched on their slug, code or role, never duplicated."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from directory.demo import load_directory_demo


class Command(BaseCommand):
    help = _("Charge les fiches de démonstration de l'annuaire. Peut être relancé sans risque.")

    def handle(self, *args, **options):
        counts = load_directory_demo()
        self.stdout.write(
            _(
                "Annuaire de démo : %(organisations)s structures, %(contacts)s contacts, "
                "%(sectors)s secteurs, %(instances)s instances, %(services)s services."
            )
            % counts
        )
