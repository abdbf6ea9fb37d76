"""Elasticsearch when it's on and answering, PostgreSQL otherwise.

A request is never failed because Elasticsearch is off, down or rejects a
query: it is answered from PostgreSQL, and the reason is logged and reported
to the client (the API adds response headers).
"""
import logging
from dataclasses import dataclass

from django.conf import settings
from elasticsearch import ApiError, TransportError

logger = logging.getLogger(__name__)

ELASTICSEARCH = "elasticsearch"
POSTGRES = "postgres"


@dataclass
class Answer:
    value: object
    backend: str
    fallback_reason: str | None = None


def answer(from_elasticsearch, from_postgres):
    """Calls `from_elasticsearch()`, or `from_postgres()` when ES is off or failing."""
    if not settings.USE_ELASTIC:
        return Answer(from_postgres(), POSTGRES)
    try:
        return Answer(from_elasticsearch(), ELASTICSEARCH)
    except (ApiError, TransportError) as error:
        reason = f"{type(error).__name__}: {error}"[:300]
        logger.warning("search: Elasticsearch failed (%s); answering from PostgreSQL", reason)
        return Answer(from_postgres(), POSTGRES, type(error).__name__)
