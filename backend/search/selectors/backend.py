"""Elasticsearch when it's on and answering, PostgreSQL otherwise: the one place that chooses.

A request is never failed because Elasticsearch is off or down: it is
answered from PostgreSQL, and the reason is logged and reported to the client
(the API adds response headers). A query Elasticsearch refuses as malformed
(a 400) is the client's 400 instead: answering it from PostgreSQL would make
the slowest path the one anyone can ask for. Product search goes through
search/product_search.py; suggestions and similar products through the two
selectors at the bottom; no view calls a backend directly.
"""
import logging
from typing import Any
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from elasticsearch import ApiError, BadRequestError, TransportError
from rest_framework.exceptions import ValidationError

from search.clients import elasticsearch_breaker, is_outage, request_client
from search.documents import ProductDocument
from search.selectors import elastic, elastic_suggest, postgres, postgres_suggest
from search.selectors.answer_cache import HIT
from search.watched_node import gave_up_because_breaker_opened

logger = logging.getLogger(__name__)

ELASTICSEARCH = "elasticsearch"
POSTGRES = "postgres"
CIRCUIT_OPEN = "circuit open"
REFUSED = _("The search engine cannot run this query; shorten or simplify it.")


@dataclass
class Answer:
    value: Any  # what the chosen backend's selector returned (each caller knows which)
    backend: str
    fallback_reason: str | None = None


def answer(from_elasticsearch, from_postgres, parameter="q"):
    """Calls `from_elasticsearch()`, or `from_postgres()` when ES is off, failing, or its
    circuit breaker is open (search/clients.py), or opens while the search waits
    (search/watched_node.py). A query ES refuses (400) is a 400 naming `parameter`; only
    outages count against the breaker (search.clients.is_outage)."""
    if not settings.USE_ELASTIC:
        return Answer(from_postgres(), POSTGRES)
    guard = elasticsearch_breaker()
    if not guard.allow(probe=elasticsearch_answers):
        return Answer(from_postgres(), POSTGRES, CIRCUIT_OPEN)
    try:
        value = from_elasticsearch()
    except BadRequestError as error:  # Elasticsearch answered: it only refused this query
        guard.record_success()
        logger.info("search: Elasticsearch refused the query (%s)", str(error)[:300])
        raise ValidationError({parameter: [REFUSED]})
    except (ApiError, TransportError) as error:
        if gave_up_because_breaker_opened(error):  # another search found it down: counted there
            return Answer(from_postgres(), POSTGRES, CIRCUIT_OPEN)
        if is_outage(error):
            guard.record_failure()
        elif isinstance(error, ApiError):  # another 4xx (a missing index): it answered
            guard.record_success()
        else:  # our own request could not be built or sent: says nothing about its health
            guard.release()
        reason = f"{type(error).__name__}: {error}"[:300]
        logger.warning("search: Elasticsearch failed (%s); answering from PostgreSQL", reason)
        return Answer(from_postgres(), POSTGRES, type(error).__name__)
    except BaseException:
        guard.release()  # a half-open trial must not stay taken for ever
        raise
    if getattr(value, "cache", "") == HIT:  # says nothing of Elasticsearch's health
        guard.release()
    else:
        guard.record_success()
    return Answer(value, ELASTICSEARCH)


def elasticsearch_answers() -> bool:
    """The breaker's half-open probe, made in the background (common/breaker.py): an empty
    search of the products index with the shoppers' timeout. False on an outage."""
    try:
        request_client(ProductDocument).search(index=ProductDocument._index._name, size=0, track_total_hits=False)
    except (ApiError, TransportError) as error:
        if is_outage(error):
            return False
        if isinstance(error, ApiError):
            return True  # it answered (a missing index is a 4xx)
        raise
    return True


def suggest_matches(*, query, named_ids) -> Answer:
    """Suggest's titles, product previews and category counts for a read query (selectors/suggest.py)."""
    return answer(
        lambda: elastic_suggest.suggest_matches(query, named_ids),
        lambda: postgres_suggest.suggest_matches(query, named_ids),
    )


def similar_product_ids(*, product, language: str, size: int) -> Answer:
    return answer(
        lambda: elastic.similar_product_ids(product_id=product.id, language=language, size=size),
        lambda: postgres.similar_product_ids(product=product, language=language, size=size),
    )
