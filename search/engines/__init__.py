"""Search engines behind one small interface (see `base.py`).

`get_engine()` returns the engine selected by `settings.SEARCH_ENGINE`: "database" (the
embedded default) or "elasticsearch" (with `ELASTICSEARCH_URL`), the latter wrapped so
that a failing cluster is answered by the database engine (`fallback.py`). The engines
are imported when chosen: a site on the database never loads the Elasticsearch client.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def get_engine():
    """The engine selected by `settings.SEARCH_ENGINE`."""
    choice = (getattr(settings, "SEARCH_ENGINE", None) or "database").strip().lower()
    if choice == "database":
        from search.engines.database import DatabaseEngine

        return DatabaseEngine()
    if choice == "elasticsearch":
        from search.engines.fallback import elasticsearch_with_fallback

        return elasticsearch_with_fallback()
    raise ImproperlyConfigured(
        f"SEARCH_ENGINE={settings.SEARCH_ENGINE!r} est inconnu : choisissez « database » ou "
        "« elasticsearch »."
    )
