from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Partner families (Django groups with a description) and, later, accreditation."""

    name = "hub.accounts"
    label = "accounts"
    verbose_name = _("Comptes et familles de partenaires")
    default_auto_field = "django.db.models.BigAutoField"
