"""Sync through Redis Queue: a real worker applies it; Redis down never fails a save."""
from datetime import timedelta

import django_rq
import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from rq.job import JobStatus

from products.models import ProductTranslation
from products.tests.factories import make_product
from search.indexing.jobs import LOST_AFTER_SECONDS, QUEUED_KEY, QUEUED_TTL_SECONDS, schedule_retry
from search.models import PendingIndexChange
from search.tests.helpers import elasticsearch_unreachable, indexed_document, indexed_ids

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("product_index")]


@pytest.fixture
def queued_sync(settings, test_redis):
    settings.USING_REDIS_QUEUE = True
    settings.ELASTIC_SYNC = True
    return test_redis


def run_burst_worker():
    call_command("rqworker", "default", burst=True, worker_class="rq.worker.SimpleWorker")


def test_saves_enqueue_one_job_that_a_burst_worker_applies(queued_sync):
    product = make_product({"cs": "Fronta"})
    for title in ("Fronta 2", "Fronta 3"):
        translation = ProductTranslation.objects.get(product=product, language="cs")
        translation.title = title
        translation.save()
    queue = django_rq.get_queue("default")
    # Three commits within the dedup window: one job.
    assert queue.count == 1
    assert indexed_document(product.id) is None
    run_burst_worker()
    assert indexed_document(product.id)["title"]["cs"] == "Fronta 3"
    assert not PendingIndexChange.objects.filter(processed_at__isnull=True).exists()
    assert queued_sync.get(QUEUED_KEY) is None


def test_redis_down_falls_back_to_applying_in_process(settings, redis_unreachable):
    settings.ELASTIC_SYNC = True
    product = make_product({"cs": "Bez Redisu"})
    assert indexed_document(product.id)["title"]["cs"] == "Bez Redisu"
    assert not PendingIndexChange.objects.filter(processed_at__isnull=True).exists()


def _sync_jobs(queue):
    """Sync jobs in RQ: waiting in the queue plus scheduled for later."""
    return queue.count + queue.scheduled_job_registry.count


def test_commits_during_a_long_outage_keep_one_queued_and_one_scheduled_job_then_drain(queued_sync, closed_port):
    """20 rounds of 50 commits, each round followed by a worker pass that fails on the unreachable
    cluster and schedules its retry: RQ never holds more than 2 sync jobs, then all of it lands."""
    queue = django_rq.get_queue("default")
    products = []
    with elasticsearch_unreachable(closed_port):
        for _ in range(20):
            products += [make_product({"cs": "Výpadek"}) for _ in range(50)]
            assert _sync_jobs(queue) <= 2
            run_burst_worker()
            assert queue.count == 0 and queue.scheduled_job_registry.count == 1
            # An hour goes by in this loop: every change is due again for the next pass.
            PendingIndexChange.objects.update(next_attempt_at=timezone.now())
    assert len(products) == 1000 and PendingIndexChange.objects.filter(processed_at__isnull=True).count() == 1000
    call_command("search_sync", "--drain")
    assert indexed_ids() == {product.id for product in products}


def test_the_scheduled_retry_moves_earlier_and_is_never_duplicated(queued_sync):
    queue = django_rq.get_queue("default")
    product = make_product({"cs": "Později"})
    PendingIndexChange.objects.filter(product_id=product.id).update(
        next_attempt_at=timezone.now() + timedelta(minutes=10))
    first = schedule_retry(queue)
    assert schedule_retry(queue) == first and queue.scheduled_job_registry.count == 1
    PendingIndexChange.objects.filter(product_id=product.id).update(
        next_attempt_at=timezone.now() + timedelta(minutes=1))
    second = schedule_retry(queue)
    assert second != first and queue.scheduled_job_registry.get_job_ids() == [second]
    assert queue.scheduled_job_registry.get_scheduled_time(second) < timezone.now() + timedelta(minutes=2)


def test_a_change_left_claimed_by_a_dead_batch_is_retried_when_the_claim_expires(queued_sync, settings):
    """Found by make soak: a worker killed (or PostgreSQL restarted) mid-batch leaves the rows
    claimed; the retry was scheduled for "now" (the rows were due), found them claimed and
    left them to the next sweep, a minute or more after the claim ran out. Now the retry is
    due at the expiry, and the default lease is short (a batch's own time, not minutes)."""
    assert settings.SEARCH_SYNC_LEASE_SECONDS <= 30
    queue = django_rq.get_queue("default")
    product = make_product({"cs": "Opuštěná"})
    expires = timezone.now() + timedelta(seconds=20)
    PendingIndexChange.objects.filter(product_id=product.id).update(
        next_attempt_at=timezone.now() - timedelta(seconds=5), claimed_until=expires)
    retry = schedule_retry(queue)
    scheduled = queue.scheduled_job_registry.get_scheduled_time(retry)
    assert abs((scheduled - expires).total_seconds()) < 1
    PendingIndexChange.objects.filter(product_id=product.id).update(claimed_until=None)
    # Unclaimed again: due at once (the earlier time wins).
    assert schedule_retry(queue) != retry
    assert queue.scheduled_job_registry.get_scheduled_time(queue.scheduled_job_registry.get_job_ids()[0]) \
        < expires - timedelta(seconds=10)


def _marker_set_seconds_ago(connection, job_id, seconds):
    connection.set(QUEUED_KEY, job_id, ex=QUEUED_TTL_SECONDS - seconds)


def test_a_marker_naming_a_lost_job_is_replaced_and_the_change_indexed_at_once(queued_sync):
    """Found by make soak: the marker outlived its job (a worker killed between taking the job
    and starting it), and every later commit waited for the minute sweep."""
    queue = django_rq.get_queue("default")
    _marker_set_seconds_ago(queued_sync, b"lost-job", LOST_AFTER_SECONDS + 1)
    product = make_product({"cs": "Ztracená fronta"})
    assert queue.count == 1
    marker = queued_sync.get(QUEUED_KEY).decode()
    assert marker != "lost-job" and queue.job_ids == [marker]
    run_burst_worker()
    assert indexed_document(product.id)["title"]["cs"] == "Ztracená fronta"


@pytest.mark.parametrize("status", [JobStatus.QUEUED, JobStatus.STARTED], ids=["killed-before-start", "started"])
def test_a_marker_naming_a_job_a_killed_worker_took_is_replaced(queued_sync, status):
    """The worker takes the job off the queue's list, then marks it started: killed in
    between (make soak's kill -9), the job still says "queued" but nobody will run it."""
    queue = django_rq.get_queue("default")
    taken = queue.enqueue("search.indexing.jobs.sync_pending_changes_job")
    queue.remove(taken)  # what a worker does when it takes the job
    taken.set_status(status)
    _marker_set_seconds_ago(queued_sync, taken.id.encode(), LOST_AFTER_SECONDS + 1)
    make_product({"cs": "Po pádu"})
    assert queue.count == 1 and queued_sync.get(QUEUED_KEY).decode() == queue.job_ids[0] != taken.id


def test_a_waiting_job_or_a_marker_set_a_moment_ago_is_left_alone(queued_sync):
    queue = django_rq.get_queue("default")
    waiting = queue.enqueue("search.indexing.jobs.sync_pending_changes_job")
    _marker_set_seconds_ago(queued_sync, waiting.id.encode(), 60)
    make_product({"cs": "Čeká"})
    assert queue.job_ids == [waiting.id] and queued_sync.get(QUEUED_KEY) == waiting.id.encode()
    queue.empty()
    _marker_set_seconds_ago(queued_sync, b"not-enqueued-yet", 1)  # another process between set and enqueue
    make_product({"cs": "Hned"})
    assert queue.count == 0 and queued_sync.get(QUEUED_KEY) == b"not-enqueued-yet"


def test_a_commit_whose_job_waits_costs_one_redis_round_trip(queued_sync, monkeypatch):
    """The marker's check-and-set is one Lua script (it was SET NX, GET, TTL and LPOS: four
    round trips on every save of a burst, most of what sync added to a save)."""
    from common.queue import get_queue

    product = make_product({"cs": "První"})
    connection = get_queue("default").connection
    sent = []
    original = type(connection).execute_command
    monkeypatch.setattr(type(connection), "execute_command",
                        lambda self, *args, **options: sent.append(args[0]) or original(self, *args, **options))
    _marker_set_seconds_ago(queued_sync, queued_sync.get(QUEUED_KEY), LOST_AFTER_SECONDS + 1)
    sent.clear()
    with transaction.atomic():  # bench/sync_save.py's save
        product.stock += 1
        product.save()
    assert sent == ["EVALSHA"] and django_rq.get_queue("default").count == 1
    assert PendingIndexChange.objects.get(product_id=product.id).processed_at is None
