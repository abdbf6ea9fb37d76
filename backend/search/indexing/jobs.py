"""Getting recorded changes applied: RQ jobs, bounded, or in-process without Redis.

`request_sync` runs after the catalog transaction commits. With
USING_REDIS_QUEUE it enqueues a sync job unless one is already waiting (a
Redis key marks it until the job starts), so whatever the number of commits
at most one job waits in the queue. A job applies what is due, then keeps one
scheduled retry, due when the earliest pending change is (moved earlier when
needed, never duplicated). If Redis is off, unreachable or not answering
(common.queue), the transaction's own changes are applied in-process with the
request path's short Elasticsearch timeout, or left pending while
Elasticsearch's breaker is open. A failure only ever leaves rows pending:
saving a product never fails because of the index.
"""
import logging
import uuid
from datetime import timedelta

from django.utils import timezone
from redis.exceptions import WatchError
from rq.exceptions import NoSuchJobError
from rq.job import Job

from common.queue import enqueue_or_run, get_queue
from search.clients import elasticsearch_breaker, request_client
from search.documents import ProductDocument
from search.indexing.sync import apply_pending_changes
from search.selectors.sync import next_retry_at

logger = logging.getLogger(__name__)

QUEUE = "default"
QUEUED_KEY = "search:sync:queued"  # the id of the sync job waiting in the queue
QUEUED_TTL_SECONDS = 600  # a bound on the key's life, whatever happens to its job
# A marker this old whose job is not waiting names a lost job (its enqueue failed after the
# marker was set, or a worker was killed between taking it and starting it): it is replaced.
LOST_AFTER_SECONDS = 5
RETRY_KEY = "search:sync:retry"  # the id of the one scheduled retry
JOB_TIMEOUT_SECONDS = 600


def sync_pending_changes_job() -> dict:
    """RQ job: apply every due change, then keep one retry scheduled for what is left."""
    queue = get_queue(QUEUE)
    # Changes committed from now on ask for a new job instead of relying on this one.
    queue.connection.delete(QUEUED_KEY)
    result = apply_pending_changes()
    schedule_retry(queue)
    return {"indexed": result.indexed, "deleted": result.deleted, "failed": result.failed,
            "parked": result.parked}


def _scheduled_at(queue, job_id):
    try:
        return queue.scheduled_job_registry.get_scheduled_time(job_id)
    except NoSuchJobError:
        return None


def schedule_retry(queue) -> str | None:
    """One scheduled sync job, due when the earliest pending change is; returns its id."""
    due = next_retry_at()
    if due is None:
        return None
    when = max(due, timezone.now() + timedelta(seconds=1))
    current = queue.connection.get(RETRY_KEY)
    if current:
        current = current.decode()
        scheduled = _scheduled_at(queue, current)
        if scheduled is not None and scheduled <= when:
            return current
        if scheduled is not None:  # due sooner now: move it earlier
            queue.scheduled_job_registry.remove(current)
            Job.fetch(current, connection=queue.connection).delete()
    job = queue.enqueue_at(when, sync_pending_changes_job, job_timeout=JOB_TIMEOUT_SECONDS)
    queue.connection.set(RETRY_KEY, job.id)
    return job.id


def _waiting(queue, job_id: str) -> bool:
    """Whether the job is really in the queue's list: a worker killed between taking a job
    and marking it started leaves it out of the list with its status still "queued"."""
    return queue.connection.lpos(queue.key, job_id) is not None


def _replace_lost_marker(queue, marker: bytes, job_id: str) -> bool:
    """Points the marker at `job_id` if it still names a lost job; False if another process
    replaced it first or its job is only slow to appear."""
    connection = queue.connection
    age = QUEUED_TTL_SECONDS - connection.ttl(QUEUED_KEY)
    if age < LOST_AFTER_SECONDS or _waiting(queue, marker.decode()):
        return False
    with connection.pipeline() as pipe:
        try:
            pipe.watch(QUEUED_KEY)
            if pipe.get(QUEUED_KEY) != marker:
                return False
            pipe.multi()
            pipe.set(QUEUED_KEY, job_id, ex=QUEUED_TTL_SECONDS)
            pipe.execute()
        except WatchError:
            return False
    logger.warning("search sync: the queued job %s was lost; queueing another", marker.decode())
    return True


def _enqueue(queue):
    """At most one sync job waits: the marker names it. A marker whose job was lost (found by
    make soak: a worker killed between taking the job and starting it left every later commit
    waiting for the minute sweep) is replaced, so commits are indexed at once again."""
    job_id = uuid.uuid4().hex
    if not queue.connection.set(QUEUED_KEY, job_id, nx=True, ex=QUEUED_TTL_SECONDS):
        marker = queue.connection.get(QUEUED_KEY)
        if marker is None:  # its job started meanwhile: mark ours, unless another commit did
            if not queue.connection.set(QUEUED_KEY, job_id, nx=True, ex=QUEUED_TTL_SECONDS):
                return
        elif not _replace_lost_marker(queue, marker, job_id):
            return
    queue.enqueue(sync_pending_changes_job, job_timeout=JOB_TIMEOUT_SECONDS, job_id=job_id)


def request_sync(*, product_ids: list[int]) -> None:
    """Called on commit. Never raises: what fails here stays pending in PostgreSQL."""

    def apply_here():
        guard = elasticsearch_breaker()
        if not guard.allow():  # Elasticsearch hangs: leave it to the worker and cron
            return
        try:
            result = apply_pending_changes(product_ids=product_ids, client=request_client(ProductDocument))
        except Exception:
            logger.exception("search sync: in-process apply failed; changes stay pending")
            guard.record_failure()
            return
        if result.outage:
            guard.record_failure()
        else:
            guard.record_success()

    enqueue_or_run(queue_name=QUEUE, enqueue=_enqueue, inline=apply_here, what="search sync")
