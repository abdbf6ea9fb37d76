"""Feeds staff upload in the admin, queued for the RQ worker.

The file waits under MEDIA_ROOT/feeds/ (a feed of 100 000 items is ~60 MB: too big for a
row, and the worker streams it from disk with bounded memory) and is deleted when the run
ends, so uploads do not pile up; the run keeps its report. The job goes to the `low` queue
with the other long jobs (the rebuild, the catalog's words). With the queue off (a dev
setup without Redis) the import runs in the request; with Redis unreachable the upload is
refused (the run is marked failed, "not started") rather than left queued in a queue
nobody can reach: staff upload it again.
"""
import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from redis.exceptions import RedisError
from rq.job import Job

from common.queue import get_queue, redis_breaker
from products.feeds.jobs import run_feed_import
from products.feeds.models import FeedImport
from products.feeds.runs import finish_run

logger = logging.getLogger(__name__)

QUEUE = "low"
# RQ stops a job after this long; 100 000 new products take ~15 minutes (bench/feeds.py).
JOB_TIMEOUT_SECONDS = 6 * 3600


def upload_limit_bytes() -> int:
    return settings.FEED_UPLOAD_MAX_MB * 1024 * 1024


def job_id(run_id: int) -> str:
    return f"feed-import-{run_id}"


def start_feed_import(run: FeedImport) -> bool:
    """Queues the run's import; True if it was queued or ran here, False if refused."""
    if not settings.USING_REDIS_QUEUE:
        run_feed_import(run.id)
        return True
    guard = redis_breaker()
    if guard.allow():
        try:
            get_queue(QUEUE).enqueue(run_feed_import, run.id, job_id=job_id(run.id),
                                     job_timeout=JOB_TIMEOUT_SECONDS, result_ttl=3600)
        except Exception as error:  # Redis unreachable or not answering
            guard.record_failure()
            logger.warning("feed import %s: could not enqueue (%s); refused", run.id, error)
        else:
            guard.record_success()
            return True
    finish_run(run.id, status=FeedImport.Status.FAILED,
               error=gettext("Not started: the task queue (Redis) is unreachable. Upload the feed again later."))
    return False


def fail_lost_queued_imports() -> int:
    """Runs still "queued" after FEED_IMPORT_STALE_SECONDS whose job Redis no longer holds
    (Redis flushed, or restarted without its data) are marked failed: no worker will ever run
    them. A run waiting behind another import keeps its job and stays queued; with Redis
    unreachable nothing can be told, and nothing is changed."""
    if not settings.USING_REDIS_QUEUE:
        return 0
    limit = timezone.now() - timedelta(seconds=settings.FEED_IMPORT_STALE_SECONDS)
    waiting = list(FeedImport.objects.filter(status=FeedImport.Status.QUEUED, created_at__lt=limit)
                   .values_list("id", flat=True))
    if not waiting:
        return 0
    try:
        connection = get_queue(QUEUE).connection
        lost = [run_id for run_id in waiting if not Job.exists(job_id(run_id), connection=connection)]
    except RedisError as error:
        logger.warning("feed imports: could not look for lost jobs (%s)", error)
        return 0
    for run_id in lost:
        finish_run(run_id, status=FeedImport.Status.FAILED,
                   error=gettext("The queued import was lost with the task queue's data (Redis). Upload the "
                                 "feed again."))
    return len(lost)
