"""Elasticsearch clients: one for the request path, behind a circuit breaker; the default one for writers.

A shopper's search waits at most ELASTICSEARCH_SEARCH_TIMEOUT, is never
retried after a timeout, and skips Elasticsearch entirely while the breaker
is open (a node that accepts connections and never answers would otherwise
hold a web worker for the full timeout on every request). The breaker's state
is the host's (common/breaker_state.py): the gunicorn workers count failures
together and send one half-open probe between them. The request path has a
transport of its own whose node checks a slow answer's node for life and gives
up at once on a hung one (search/watched_node.py). A refused
connection is still tried on another node of the cluster: that costs nothing.
Index writes, the sync worker and rebuilds keep the default client: longer
timeout, retries on other nodes after timeouts too.
"""
from django.conf import settings
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout, Transport
from elasticsearch import ApiError
from elasticsearch._sync.client.utils import CLIENT_META_SERVICE

from common.breaker import breaker
from search.watched_node import WatchedNode

# Statuses that say the cluster cannot serve, not that the request was wrong.
OUTAGE_STATUSES = {429, 500, 502, 503, 504}


_request_clients: dict = {}  # request timeout -> (the connection it was made from, the client)


def request_client(document_class):
    """The document's client with the request path's short timeout, no retry after a timeout,
    and nodes watched for hanging (RequestNode).

    Made once per process and connection: building a client is measurably slow on every
    search. It has the connection's nodes, serializers and headers (authentication) in a
    transport and connection pools of its own, thread-safe as the connection's are.
    """
    base, timeout = document_class._get_connection(), settings.ELASTICSEARCH_SEARCH_TIMEOUT
    made = _request_clients.get(timeout)
    if made is None or made[0] is not base:
        shared = base.transport
        transport = Transport([node.config for node in shared.node_pool.all()], node_class=RequestNode,
                              serializers=shared.serializers.serializers, client_meta_service=CLIENT_META_SERVICE)
        client = type(base)(_transport=transport).options(
            headers=base._headers, request_timeout=timeout, retry_on_timeout=False, max_retries=base._max_retries)
        made = _request_clients[timeout] = (base, client)
    return made[1]


def elasticsearch_breaker():
    return breaker(
        "elasticsearch", failure_threshold=settings.ELASTICSEARCH_BREAKER_FAILURES,
        reset_seconds=settings.ELASTICSEARCH_BREAKER_RESET_SECONDS,
        shared=f"{','.join(settings.ELASTICSEARCH_HOSTS)} {settings.ELASTICSEARCH_INDEX_PREFIX}",
    )


class RequestNode(WatchedNode):
    """The request path's node: gives up when the search breaker opens meanwhile."""

    guard = staticmethod(elasticsearch_breaker)


def is_outage(error: Exception) -> bool:
    """A failure to reach or hear from Elasticsearch (unreachable, timed out, a 5xx or 429 from
    the node): only these count against the breaker. A request we could not build or serialise
    (SerializationError) or a query the node refused (a 4xx) says nothing about its health, and
    counting it would let anyone switch search off Elasticsearch with three bad requests."""
    if isinstance(error, (TransportConnectionError, ConnectionTimeout)):
        return True
    return isinstance(error, ApiError) and error.meta.status in OUTAGE_STATUSES
