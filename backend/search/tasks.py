"""Getting recorded changes applied: an RQ job, or in-process without Redis.

`request_sync` runs after the catalog transaction commits. With
USING_REDIS_QUEUE it enqueues one job (deduplicated for a moment through a
Redis key); if Redis is unreachable, or the queue is off, it applies the
transaction's own changes in-process instead. Either way a failure only
leaves rows pending: saving a product never fails because of the index.
"""
import logging
from datetime import timedelta

import django_rq
from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from search.models import PendingIndexChange
from search.services.sync import apply_pending_changes

logger = logging.getLogger(__name__)

QUEUE = "default"
KICK_KEY = "search:sync:requested"
KICK_TTL_SECONDS = 5


_connections = {}


def _redis():
    """One client per Redis URL and process: django-rq builds a new one (a new TCP
    connection) on every get_connection(), which cost more than the save itself."""
    url = settings.RQ_QUEUES[QUEUE]["URL"]
    if url not in _connections:
        _connections[url] = django_rq.get_connection(QUEUE)
    return _connections[url]


def _queue():
    return django_rq.get_queue(QUEUE, connection=_redis())


def sync_pending_changes_job():
    """RQ job: apply every due change, then schedule itself for the next retry."""
    connection = _redis()
    # Changes committed from now on ask for a new job instead of relying on this one.
    connection.delete(KICK_KEY)
    result = apply_pending_changes()
    next_retry = PendingIndexChange.objects.filter(processed_at__isnull=True).aggregate(
        at=Min("next_attempt_at")
    )["at"]
    if next_retry is not None:
        delay = max(next_retry - timezone.now(), timedelta(seconds=1))
        _queue().enqueue_in(delay, sync_pending_changes_job)
    return {"indexed": result.indexed, "deleted": result.deleted, "failed": result.failed}


def _enqueue():
    if _redis().set(KICK_KEY, "1", nx=True, ex=KICK_TTL_SECONDS):
        _queue().enqueue(sync_pending_changes_job, job_timeout=600)


def request_sync(product_ids):
    """Called on commit. Never raises: what fails here stays pending in PostgreSQL."""
    if settings.USING_REDIS_QUEUE:
        try:
            _enqueue()
            return
        except Exception as error:  # Redis down: fall back to applying here and now
            logger.warning("search sync: could not enqueue (%s); applying in-process", error)
    try:
        apply_pending_changes(product_ids=product_ids)
    except Exception:
        logger.exception("search sync: in-process apply failed; changes stay pending")
