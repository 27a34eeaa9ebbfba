from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    """The directory: communes gazetteer now; structures, services, instances and sectors next."""

    name = "directory"
    verbose_name = _("Annuaire")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from directory import hub_hooks  # noqa: F401  (what hub asks of it, hub/hooks.py)
        from directory.search_documents import register_documents

        register_documents()
