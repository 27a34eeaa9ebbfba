"""When the cluster fails, the database answers: `FallbackEngine`, and
`elasticsearch_with_fallback()`, which `search.engines.get_engine()` returns for
`SEARCH_ENGINE=elasticsearch` (`get_engine` is importable from here too).

`FallbackEngine(primary, fallback)` asks the primary engine (Elasticsearch) and, when it
fails *at query time* (a search, suggestions, the map's points or counts; refused
connection, timeout, transport error, an answer that cannot be read, or a server error
5xx / 429), logs a warning and returns the fallback engine's
answer (the database) marked `degraded=True`, so that the page can say the results may be
incomplete. The whole call is wrapped: sending the request *and* reading the answer, since
`ElasticsearchEngine.search` returns a finished `SearchResult`, not a lazy object.

Errors that are bugs or configuration mistakes (a 400 for a malformed query, a 401, a
missing index 404) are not hidden: they are raised, as they would not fix themselves.

Writes go to both engines, the fallback first: the database engine must stay able to
answer while the cluster is down; a cluster error is then raised to the caller
(`search.indexing` logs it and never loses the editor's save).
"""

from __future__ import annotations

import logging
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from elastic_transport import ApiError as TransportApiError
from elastic_transport import TransportError
from elasticsearch import ApiError

from search.engines import get_engine  # noqa: F401  (the one selection, re-exported)
from search.engines.base import MapCounts, MapPoints, SearchEngine, SearchQuery, SearchResult

logger = logging.getLogger("maillage.search")

# 429: the cluster sheds load (queues full, circuit breaker); it is down for this reader.
RETRYABLE_STATUSES = {429}


def _status(error) -> int | None:
    status = getattr(error, "status_code", None)
    if status is None:
        meta = getattr(error, "meta", None)
        status = getattr(meta, "status", None)
    return status if isinstance(status, int) else None


def is_outage(error: BaseException) -> bool:
    """Is `error` the cluster failing (answer from the fallback), rather than a bug?"""
    # elastic_transport.TransportError covers ConnectionError, ConnectionTimeout, TlsError,
    # SerializationError (an unreadable answer: a proxy's HTML page...) and SniffingError;
    # elasticsearch.exceptions re-exports them under the same classes.
    if isinstance(error, TransportError):
        return True
    if isinstance(error, ApiError | TransportApiError):
        status = _status(error)
        return status is not None and (status >= 500 or status in RETRYABLE_STATUSES)
    return False


class FallbackEngine(SearchEngine):
    def __init__(self, primary: SearchEngine, fallback: SearchEngine):
        self.primary = primary
        self.fallback = fallback
        self.name = primary.name

    def _warn(self, action: str, error: BaseException) -> None:
        # No query text in the log: it may hold a person's name.
        logger.warning(
            "Moteur de recherche %s indisponible (%s : %s) : %s par le moteur %s.",
            self.primary.name,
            type(error).__name__,
            str(error)[:200],
            action,
            self.fallback.name,
        )

    def search(self, user, query: SearchQuery) -> SearchResult:
        try:
            return self.primary.search(user, query)
        except Exception as error:
            if not is_outage(error):
                raise
            self._warn("recherche servie", error)
        result = self.fallback.search(user, query)
        result.degraded = True
        return result

    def autocomplete(self, user, prefix: str, limit: int = 8) -> list[str]:
        try:
            return self.primary.autocomplete(user, prefix, limit)
        except Exception as error:
            if not is_outage(error):
                raise
            self._warn("suggestions servies", error)
        return self.fallback.autocomplete(user, prefix, limit)

    def map_points(self, user, query: SearchQuery, limit: int) -> MapPoints:
        try:
            return self.primary.map_points(user, query, limit)
        except Exception as error:
            if not is_outage(error):
                raise
            self._warn("carte servie", error)
        points = self.fallback.map_points(user, query, limit)
        points.degraded = True
        return points

    def map_counts(self, user, query: SearchQuery) -> MapCounts:
        try:
            return self.primary.map_counts(user, query)
        except Exception as error:
            if not is_outage(error):
                raise
            self._warn("décompte de la carte servi", error)
        counts = self.fallback.map_counts(user, query)
        counts.degraded = True
        return counts

    def index_documents(self, documents) -> None:
        documents = _reiterable(documents)
        self.fallback.index_documents(documents)
        self.primary.index_documents(documents)

    def delete_documents(self, keys) -> None:
        keys = list(keys)
        self.fallback.delete_documents(keys)
        self.primary.delete_documents(keys)

    def rebuild(self, documents, progress=None) -> int:
        documents = _reiterable(documents)
        self.fallback.rebuild(documents)
        return self.primary.rebuild(documents, progress)


def _reiterable(documents):
    """Both engines read the documents: a one-shot iterator is turned into a list (a
    queryset is iterated twice as it is)."""
    if iter(documents) is documents:
        return list(documents)
    return documents


def database_engine() -> SearchEngine:
    from search.engines.database import DatabaseEngine

    return DatabaseEngine()


@lru_cache(maxsize=4)
def _elasticsearch_engine(url: str, prefix: str, timeout: int) -> SearchEngine:
    # One client (and its connection pool) per configuration, not one per request.
    from search.engines.elasticsearch import ElasticsearchEngine

    return ElasticsearchEngine(url, index_prefix=prefix, timeout=timeout)


def elasticsearch_with_fallback() -> SearchEngine:
    """Elasticsearch at `settings.ELASTICSEARCH_URL`, answered by the database when it
    fails: what `search.engines.get_engine()` returns for `SEARCH_ENGINE=elasticsearch`."""
    url = getattr(settings, "ELASTICSEARCH_URL", None)
    if not url:
        raise ImproperlyConfigured(
            "SEARCH_ENGINE=elasticsearch demande ELASTICSEARCH_URL "
            "(par exemple http://127.0.0.1:9200), ou choisissez SEARCH_ENGINE=database."
        )
    primary = _elasticsearch_engine(
        url, settings.ELASTICSEARCH_INDEX_PREFIX, settings.ELASTICSEARCH_TIMEOUT
    )
    return FallbackEngine(primary, database_engine())
