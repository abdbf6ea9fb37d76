"""Getting recorded changes applied: an RQ job, or in-process without Redis.

`request_sync` runs after the catalog transaction commits. With
USING_REDIS_QUEUE it enqueues one job (deduplicated for a moment through a
Redis key); if Redis is unreachable, or the queue is off, it applies the
transaction's own changes in-process instead (common.queue). Either way a
failure only leaves rows pending: saving a product never fails because of the
index.
"""
import logging
from datetime import timedelta

from django.db.models import Min
from django.utils import timezone

from common.queue import enqueue_or_run, get_queue, redis_connection
from search.indexing.sync import apply_pending_changes
from search.models import PendingIndexChange

logger = logging.getLogger(__name__)

QUEUE = "default"
KICK_KEY = "search:sync:requested"
KICK_TTL_SECONDS = 5


def sync_pending_changes_job() -> dict:
    """RQ job: apply every due change, then schedule itself for the next retry."""
    # Changes committed from now on ask for a new job instead of relying on this one.
    redis_connection(QUEUE).delete(KICK_KEY)
    result = apply_pending_changes()
    next_retry = PendingIndexChange.objects.filter(processed_at__isnull=True).aggregate(
        at=Min("next_attempt_at")
    )["at"]
    if next_retry is not None:
        delay = max(next_retry - timezone.now(), timedelta(seconds=1))
        get_queue(QUEUE).enqueue_in(delay, sync_pending_changes_job)
    return {"indexed": result.indexed, "deleted": result.deleted, "failed": result.failed}


def _enqueue(queue):
    if queue.connection.set(KICK_KEY, "1", nx=True, ex=KICK_TTL_SECONDS):
        queue.enqueue(sync_pending_changes_job, job_timeout=600)


def request_sync(*, product_ids: list[int]) -> None:
    """Called on commit. Never raises: what fails here stays pending in PostgreSQL."""

    def apply_here():
        try:
            apply_pending_changes(product_ids=product_ids)
        except Exception:
            logger.exception("search sync: in-process apply failed; changes stay pending")

    enqueue_or_run(queue_name=QUEUE, enqueue=_enqueue, inline=apply_here, what="search sync")
