"""The collaborative side of partner spaces (hub/collab/__init__.py)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollabConfig(AppConfig):
    name = "hub.collab"
    label = "collab"
    verbose_name = _("Contributions des membres")
    default_auto_field = "django.db.models.BigAutoField"
