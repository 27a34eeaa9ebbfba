from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    """The site's spine: home, territories, charter, project sheets."""

    name = "hub"
    verbose_name = _("Hub Maillage")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hub import restrictions
        from hub.cache import connect_signals

        # Partner spaces and guide chapters keep their derived view restrictions.
        restrictions.connect()
        # Publishing empties the anonymous page cache, in commands too.
        connect_signals()
