from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data: erasure of a person, retention periods, the guard of free text."""

    name = "hub.privacy"
    label = "privacy"
    verbose_name = _("Données personnelles")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The erasure action of the Wagtail admin (buttons and its confirmation page).
        from hub.privacy import admin_hooks  # noqa: F401
