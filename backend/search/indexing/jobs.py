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
from redis.commands.core import Script
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


# The marker's check-and-set in one round trip (a Lua script runs atomically in Redis): mark
# ARGV[1] if nothing is marked; else replace a marker older than ARGV[3] seconds whose job is
# not in the queue's list (a worker killed between taking a job and marking it started leaves
# it out of the list with its status still "queued"). Returns {1} marked, {2, the lost marker}
# replaced, {0} a job waits (or another process is about to enqueue it).
_MARK = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then return {1} end
local marker = redis.call('GET', KEYS[1])
if tonumber(ARGV[2]) - redis.call('TTL', KEYS[1]) < tonumber(ARGV[3]) then return {0} end
if redis.call('LPOS', KEYS[2], marker) then return {0} end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return {2, marker}
"""
_mark_script: Script | None = None


def _mark(queue, job_id: str) -> bool:
    """Whether `job_id` now names the job to enqueue (see _MARK)."""
    global _mark_script
    if _mark_script is None:
        _mark_script = queue.connection.register_script(_MARK)
    answer = _mark_script(keys=[QUEUED_KEY, queue.key], args=[job_id, QUEUED_TTL_SECONDS, LOST_AFTER_SECONDS],
                          client=queue.connection)
    if answer[0] == 2:
        logger.warning("search sync: the queued job %s was lost; queueing another", answer[1].decode())
    return answer[0] != 0


def _enqueue(queue):
    """At most one sync job waits: the marker names it. A marker whose job was lost (found by
    make soak: a worker killed between taking the job and starting it left every later commit
    waiting for the minute sweep) is replaced, so commits are indexed at once again. One Redis
    round trip per commit whose job already waits (it was four: SET NX, GET, TTL, LPOS)."""
    job_id = uuid.uuid4().hex
    if _mark(queue, job_id):
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
