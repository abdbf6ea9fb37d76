"""Sync through Redis Queue: a real worker applies it; Redis down never fails a save."""
import django_rq
import pytest
from django.core.management import call_command

from products.models import ProductTranslation
from products.tests.factories import make_product
from search.models import PendingIndexChange
from search.indexing.jobs import KICK_KEY
from search.tests.helpers import indexed_document

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
    assert queued_sync.get(KICK_KEY) is None


def test_redis_down_falls_back_to_applying_in_process(settings, redis_unreachable):
    settings.ELASTIC_SYNC = True
    product = make_product({"cs": "Bez Redisu"})
    assert indexed_document(product.id)["title"]["cs"] == "Bez Redisu"
    assert not PendingIndexChange.objects.filter(processed_at__isnull=True).exists()
