"""A hung Redis (its own server, paused with SIGSTOP) must not hold a product save, a
back-in-stock subscription or an email send for more than about a second, and nothing
recorded meanwhile is lost once it resumes."""
import copy
import time
from decimal import Decimal

import pytest
from django.core import mail
from django.db import transaction
from rest_framework.test import APIClient

from common.breaker import reset_all
from common.tests.processes import OwnRedis
from emails.base import Email
from emails.models import OutboundEmail
from products import services
from products.tests.factories import make_product
from search.models import PendingIndexChange
from search.tests.helpers import indexed_document

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("product_index")]
LIMIT_SECONDS = 1.5


class NoticeEmail(Email):
    template_name = "reindex_failed"  # any existing template; the body does not matter here
    subject = "Notice"

    def __init__(self, address):
        self.recipient_list = [address]

    def get_context(self):
        return {"error_text": "none"}


@pytest.fixture
def paused_redis(settings, tmp_path, closed_port):
    """The queue on, on a Redis of its own, which is then paused."""
    redis = OwnRedis(closed_port, tmp_path).start()
    queues = copy.deepcopy(settings.RQ_QUEUES)
    for queue in queues.values():
        queue["URL"] = redis.url
    settings.RQ_QUEUES, settings.USING_REDIS_QUEUE, settings.ELASTIC_SYNC = queues, True, True
    reset_all()
    redis.pause()
    yield redis
    redis.stop()
    reset_all()


def timed(action):
    started = time.monotonic()
    result = action()
    return result, time.monotonic() - started


def test_saves_subscriptions_and_emails_do_not_wait_on_a_paused_redis(paused_redis):
    def save():
        return services.create_product(sku="PAUSE-1", price=Decimal("10"), is_published=True,
                                       translations=[{"language": "cs", "title": "Lampa za pauzy"}])

    product, save_seconds = timed(save)
    sold_out = make_product({"cs": "Vyprodaná lampa"}, stock=0)
    subscribed, subscribe_seconds = timed(lambda: APIClient().post(
        f"/api/products/{sold_out.id}/back-in-stock/", {"email": "jana@example.cz"}, format="json"))

    def send():
        with transaction.atomic():
            return NoticeEmail("ops@example.cz").send()

    outbound, send_seconds = timed(send)
    assert max(save_seconds, subscribe_seconds, send_seconds) <= LIMIT_SECONDS
    assert subscribed.status_code == 202

    paused_redis.resume()
    # Nothing lost: what could not be queued was done in-process (or waits in PostgreSQL).
    assert indexed_document(product.id)["title"]["cs"] == "Lampa za pauzy"
    assert not PendingIndexChange.objects.filter(processed_at__isnull=True).exists()
    assert OutboundEmail.objects.get(id=outbound.id).status == "sent"
    # The subscription's confirmation email and the notice: both delivered once Redis answers.
    assert sorted(message.to for message in mail.outbox) == [["jana@example.cz"], ["ops@example.cz"]]
