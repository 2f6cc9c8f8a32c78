"""Reading search results: pick the engine, fall back to the database when it is unreachable."""

from __future__ import annotations

import logging
import time

from django.conf import settings

from .engines.base import SearchResponse
from .engines.database import DatabaseEngine

logger = logging.getLogger(__name__)

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
# When Elasticsearch cannot be reached, the database answers without trying it again for
# ELASTICSEARCH_RETRY_AFTER seconds, so a hung node (every request waits ELASTICSEARCH_TIMEOUT)
# slows one search, not all.
_elasticsearch_failed_at: dict[str, float] = {}  # per ELASTICSEARCH_URL, in this process


def elasticsearch_resting() -> bool:
    failed_at = _elasticsearch_failed_at.get(settings.ELASTICSEARCH_URL)
    return (
        failed_at is not None and time.monotonic() - failed_at < settings.ELASTICSEARCH_RETRY_AFTER
    )


def active_engine_name() -> str:
    return "elasticsearch" if settings.ELASTICSEARCH_URL else "database"


def search_services(
    *, intent, limit: int = DEFAULT_LIMIT, engine: str | None = None
) -> SearchResponse:
    """Results for a parsed query (``search.intent.parse_query``), best first, at most ``limit``.

    With ``ELASTICSEARCH_URL`` set the Elasticsearch engine answers; if it cannot be reached the
    database engine answers instead and the response says ``degraded`` (and keeps doing so for
    ``ELASTICSEARCH_RETRY_AFTER`` seconds before Elasticsearch is tried again).
    """
    limit = max(1, min(MAX_LIMIT, int(limit)))
    engine = engine or active_engine_name()
    started = time.perf_counter()
    response = None
    if engine == "elasticsearch" and elasticsearch_resting():
        response = DatabaseEngine().search(intent, limit=limit, degraded=True)
    elif engine == "elasticsearch":
        from elasticsearch import ApiError, TransportError

        from .engines.base import EngineUnavailable
        from .engines.elastic import ElasticsearchEngine

        try:
            response = ElasticsearchEngine().search(intent, limit=limit)
            _elasticsearch_failed_at.pop(settings.ELASTICSEARCH_URL, None)
        except (EngineUnavailable, TransportError, ApiError) as exc:
            logger.warning("Elasticsearch unavailable, answering from the database: %s", exc)
            if isinstance(exc, TransportError):  # no answer at all (an ApiError was a quick one)
                _elasticsearch_failed_at[settings.ELASTICSEARCH_URL] = time.monotonic()
            response = DatabaseEngine().search(intent, limit=limit, degraded=True)
    if response is None:
        response = DatabaseEngine().search(intent, limit=limit)
    response.took_ms = round((time.perf_counter() - started) * 1000, 2)
    return response
