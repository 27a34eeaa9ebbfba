"""`manage.py review_accreditations`: the periodic review of partner accreditations.

Run it daily (cron, systemd timer). It e-mails each family's referent one digest of the
accounts expiring within 30 days (once per account and expiry date), records an `expired`
event for each account past its expiry (once per account and expiry date), and prints a
one-line summary. Running it twice in a row changes nothing more and sends nothing more.
"""

from django.core.management.base import BaseCommand

from hub.accounts.services import review_accreditations


class Command(BaseCommand):
    help = (
        "Signale aux référents les accréditations qui arrivent à échéance et enregistre "
        "les échéances dépassées."
    )

    def handle(self, *args, **options):
        summary = review_accreditations()
        self.stdout.write(str(summary))
