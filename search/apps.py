from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """One tier-safe search over guide, hub and directory (see search/models.py)."""

    name = "search"
    label = "maillage_search"
    verbose_name = _("Recherche")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search import hub_hooks  # noqa: F401  (what hub asks of search, hub/hooks.py)

        # Every page, hub's and guide's: one generic spec (a page class names its kind
        # with `search_kind`), and every Wagtail document with the text of its file. The
        # apps register their own documents from their ready().
        from search.documents import DOCUMENTS
        from search.pages import PAGES
        from search.registry import register

        register(PAGES, DOCUMENTS)
