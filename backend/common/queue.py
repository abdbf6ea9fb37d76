"""Background work on Redis Queue, or in this process when the queue is off or Redis is down.

One rule for every caller: with USING_REDIS_QUEUE the work is enqueued; if
that fails (Redis unreachable or not answering) or the queue is off, the
caller's in-process fallback runs instead, and the request that asked never
fails because of Redis. The web process talks to Redis with short timeouts
(REDIS_ENQUEUE_TIMEOUT) and behind a circuit breaker (common/breaker.py): a
paused Redis costs one request one timeout, then the queue is skipped until
the breaker lets a trial through. Clients are kept, one per Redis URL and
process (django-rq builds a new one, a new TCP connection, on every call).
"""
import logging
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import django_rq
from django.conf import settings
from redis import Redis
from rq import Queue

from common.breaker import breaker

logger = logging.getLogger(__name__)

_connections: dict[str, Redis] = {}
_TIMEOUT_OPTIONS = {"socket_timeout", "socket_connect_timeout"}


def _without_timeouts(url: str) -> str:
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key not in _TIMEOUT_OPTIONS]
    return urlunsplit(parts._replace(query=urlencode(query)))


def redis_connection(queue_name: str) -> Redis:
    url = settings.RQ_QUEUES[queue_name]["URL"]
    if url not in _connections:
        timeout = settings.REDIS_ENQUEUE_TIMEOUT
        _connections[url] = Redis.from_url(
            _without_timeouts(url), socket_timeout=timeout, socket_connect_timeout=timeout
        )
    return _connections[url]


def get_queue(queue_name: str) -> Queue:
    return django_rq.get_queue(queue_name, connection=redis_connection(queue_name))


def redis_breaker():
    return breaker("redis", failure_threshold=settings.REDIS_BREAKER_FAILURES,
                   reset_seconds=settings.REDIS_BREAKER_RESET_SECONDS)


def enqueue_or_run(*, queue_name: str, enqueue: Callable[[Queue], object], inline: Callable[[], object],
                   what: str) -> bool:
    """`enqueue(queue)` on `queue_name`; `inline()` instead when the queue is off, fails, or
    Redis's breaker is open. Returns True if the work was queued. `inline` must not raise."""
    if settings.USING_REDIS_QUEUE:
        guard = redis_breaker()
        if guard.allow():
            try:
                enqueue(get_queue(queue_name))
            except Exception as error:  # Redis unreachable or not answering: do it here and now
                guard.record_failure()
                logger.warning("%s: could not enqueue (%s); running in-process", what, error)
            else:
                guard.record_success()
                return True
    inline()
    return False
