"""Invite the people trained 12 to 18 months ago to the follow-up evaluation, once each
(hub/trainings/followups.py). Run daily by the scheduler (docs/operations.md)."""

from django.core.management.base import BaseCommand

from hub.trainings.followups import send_due


class Command(BaseCommand):
    help = "Envoie les invitations à l'évaluation de suivi (12 à 18 mois après la formation)."

    def handle(self, *args, **options):
        report = send_due()
        self.stdout.write(
            f"Invitations au suivi : {report.sent} envoyée(s), {report.skipped} non envoyée(s)."
        )
