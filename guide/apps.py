from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    """The Guide Santé Psychique et Logement (chapters, glossary, editions, PDF)."""

    name = "guide"
    verbose_name = _("Guide santé psychique et logement")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from guide import hub_hooks, signals  # noqa: F401  (hub_hooks: what hub asks, hub/hooks.py)
        from guide.pdf.signals import connect_signals

        signals.connect()
        # PDF cache invalidation on publish, unpublish, move and restriction changes.
        connect_signals()
