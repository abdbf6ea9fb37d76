"""Background work on Redis Queue, or in this process when the queue is off or Redis is down.

One rule for every caller: with USING_REDIS_QUEUE the work is enqueued; if
that fails (Redis unreachable) or the queue is off, the caller's in-process
fallback runs instead, and the request that asked never fails because of
Redis. Clients are kept, one per Redis URL and process: django-rq builds a new
one (a new TCP connection) on every get_connection().
"""
import logging
from collections.abc import Callable

import django_rq
from django.conf import settings
from redis import Redis
from rq import Queue

logger = logging.getLogger(__name__)

_connections: dict[str, Redis] = {}


def redis_connection(queue_name: str) -> Redis:
    url = settings.RQ_QUEUES[queue_name]["URL"]
    if url not in _connections:
        _connections[url] = django_rq.get_connection(queue_name)
    return _connections[url]


def get_queue(queue_name: str) -> Queue:
    return django_rq.get_queue(queue_name, connection=redis_connection(queue_name))


def enqueue_or_run(*, queue_name: str, enqueue: Callable[[Queue], object], inline: Callable[[], object],
                   what: str) -> bool:
    """`enqueue(queue)` on `queue_name`; `inline()` instead when the queue is off or fails.
    Returns True if the work was queued. `inline` is the caller's: it must not raise."""
    if settings.USING_REDIS_QUEUE:
        try:
            enqueue(get_queue(queue_name))
            return True
        except Exception as error:  # Redis unreachable: do it here and now
            logger.warning("%s: could not enqueue (%s); running in-process", what, error)
    inline()
    return False
