"""Remove a person's second factor (lost phone and lost backup codes).

    python manage.py reset_second_factor <identifiant>

Check who is asking before running it: the person enrols again at their next visit to the
admin, with their password only. Their open sessions lose their verification at once.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from hub.security.otp import reset_second_factor

logger = logging.getLogger("maillage.security")


class Command(BaseCommand):
    help = "Supprime la double authentification d'un compte (téléphone et codes de secours perdus)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="Identifiant du compte.")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"Aucun compte ne porte l'identifiant « {username} ».") from None
        removed = reset_second_factor(user)
        logger.warning(
            "Double authentification réinitialisée en ligne de commande : utilisateur %s (id=%s), "
            "%s appareil(s) supprimé(s).",
            user.get_username(),
            user.pk,
            removed,
        )
        self.stdout.write(
            f"Double authentification de « {user.get_username()} » réinitialisée "
            f"({removed} appareil(s) supprimé(s)). Elle sera demandée à nouveau à sa prochaine "
            "visite de l'administration."
        )
