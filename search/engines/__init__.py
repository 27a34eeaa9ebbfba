"""Search engines behind one small interface (see `base.py`).

`get_engine()` returns the engine selected by `settings.SEARCH_ENGINE`: "database" (the
embedded default) or "elasticsearch" (with `ELASTICSEARCH_URL`), the latter wrapped so
that a failing cluster is answered by the database engine.
"""


def get_engine():
    """The engine selected by the settings (see search/engines/fallback.py)."""
    from django.conf import settings

    if getattr(settings, "SEARCH_ENGINE", "database") == "database":
        from search.engines.database import DatabaseEngine

        return DatabaseEngine()
    from search.engines.fallback import get_engine as select

    return select()
