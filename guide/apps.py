from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    """The Guide Santé Psychique et Logement (chapters, glossary, PDF): built by issue 5."""

    name = "guide"
    verbose_name = _("Guide santé psychique et logement")
    default_auto_field = "django.db.models.BigAutoField"
