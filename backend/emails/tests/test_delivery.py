"""The Email base class and its delivery: through a real RQ worker, retried on SMTP
failure, and never lost when Redis is down."""
import time
import zlib

import django_rq
import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from rq.job import Job

from emails.messages import BackInStockEmail
from emails.models import BackInStockSubscription, OutboundEmail
from emails.tests.helpers import FAILING_SMTP, run_email_worker
from products.tests.factories import make_product

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def email(settings):
    settings.SHOP_BASE_URL = "https://shop.example.cz"
    product = make_product({"cs": "Kozačka", "en": "Boot"}, stock=3)
    subscription = BackInStockSubscription(product=product, email="jana@example.cz", language="cs")
    return BackInStockEmail(subscription, product)


def _only_job(queue):
    assert queue.count == 1
    return queue.jobs[0]


def test_a_queued_email_is_delivered_by_a_burst_worker(queued_emails, email):
    outbound = email.send()
    job = _only_job(queued_emails)
    assert (job.args, job.kwargs) == ((), {"outbound_id": outbound.id})
    assert mail.outbox == []
    assert OutboundEmail.objects.get().enqueued_at is not None
    run_email_worker()
    [message] = mail.outbox
    assert message.subject == "Kozačka je opět skladem"
    assert message.to == ["jana@example.cz"]
    assert f"https://shop.example.cz/products/{email.product.id}/" in message.body
    assert "Dobrá zpráva" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "<strong>Kozačka</strong>" in html
    outbound.refresh_from_db()
    assert (outbound.status, outbound.attempts) == ("sent", 1)


def test_redis_holds_no_address_link_or_body_of_a_queued_email(settings, test_redis, email):
    """What RQ stores (the job hash: its pickled call, description, everything) names the
    email's row only; the address, the product link and the text stay in PostgreSQL."""
    settings.USING_REDIS_QUEUE, settings.ELASTIC_SYNC = True, False
    outbound = email.send()
    job = _only_job(django_rq.get_queue("high"))
    assert (job.args, job.kwargs) == ((), {"outbound_id": outbound.id})
    stored = b""
    for key in test_redis.keys("rq:job:*"):
        fields = test_redis.hgetall(key)
        stored += b" ".join(fields.values()) + zlib.decompress(fields[b"data"])  # the pickled call
    assert b"deliver_email_job" in stored
    for private in ("jana@example.cz", "shop.example.cz", "Kozačka", outbound.subject, outbound.text_body[:40]):
        assert private.encode() not in stored
    run_email_worker()
    assert [message.to for message in mail.outbox] == [["jana@example.cz"]]


def test_the_job_carries_the_production_backoff(settings, test_redis, email):
    settings.USING_REDIS_QUEUE, settings.ELASTIC_SYNC = True, False
    email.send()
    job = _only_job(django_rq.get_queue("high"))
    assert (job.retries_left, job.retry_intervals) == (3, [10, 30, 60])


def test_with_the_queue_off_it_is_sent_at_once(direct_emails, email):
    outbound = email.send()
    assert [message.subject for message in mail.outbox] == ["Kozačka je opět skladem"]
    outbound.refresh_from_db()
    assert outbound.status == "sent" and outbound.enqueued_at is None


def test_nothing_leaves_before_commit_and_nothing_after_a_rollback(direct_emails, email):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            email.send()
            assert mail.outbox == []
            raise RuntimeError("the change that caused the email fails")
    assert mail.outbox == [] and not OutboundEmail.objects.exists()


def test_smtp_failures_are_retried_then_land_in_the_failed_registry(queued_emails, settings, email):
    settings.EMAIL_BACKEND = FAILING_SMTP
    outbound = email.send()
    job_id = _only_job(queued_emails).id
    run_email_worker()  # retries without delay here: the attempt and its 3 retries in one burst
    assert job_id in queued_emails.failed_job_registry.get_job_ids()
    assert Job.fetch(job_id, connection=queued_emails.connection).retries_left == 0
    outbound.refresh_from_db()
    assert (outbound.status, outbound.attempts) == ("failed", 4)
    assert "simulated SMTP outage" in outbound.last_error
    assert mail.outbox == []


def test_a_temporary_smtp_failure_is_overcome_by_a_retry(queued_emails, flaky_smtp, email):
    flaky_smtp.failures = 2
    outbound = email.send()
    run_email_worker()
    assert len(mail.outbox) == 1
    assert queued_emails.failed_job_registry.count == 0
    outbound.refresh_from_db()
    assert (outbound.status, outbound.attempts, outbound.last_error) == ("sent", 3, "")


def test_retries_wait_for_their_interval_through_the_scheduler(queued_emails, settings, email):
    settings.EMAIL_BACKEND = FAILING_SMTP
    settings.EMAIL_RETRY_INTERVALS = [3]  # long enough that a loaded machine's next run comes before it
    outbound = email.send()
    job_id = _only_job(queued_emails).id
    run_email_worker(with_scheduler=True)
    assert job_id in queued_emails.scheduled_job_registry.get_job_ids()
    run_email_worker(with_scheduler=True)  # not due yet: nothing runs
    assert OutboundEmail.objects.get().attempts == 1
    for _ in range(30):
        if job_id in queued_emails.failed_job_registry.get_job_ids():
            break
        time.sleep(1.05)
        run_email_worker(with_scheduler=True)
    assert job_id in queued_emails.failed_job_registry.get_job_ids()
    outbound.refresh_from_db()
    assert (outbound.status, outbound.attempts) == ("failed", 4)


def test_redis_down_sends_directly(redis_down, email):
    outbound = email.send()
    assert [message.to for message in mail.outbox] == [["jana@example.cz"]]
    outbound.refresh_from_db()
    assert outbound.status == "sent" and outbound.enqueued_at is None


def test_redis_and_smtp_down_keep_the_email_for_send_pending_emails(redis_down, settings, email):
    settings.EMAIL_BACKEND = FAILING_SMTP
    outbound = email.send()
    outbound.refresh_from_db()
    assert (outbound.status, outbound.attempts) == ("pending", 1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_pending_emails")
    assert len(mail.outbox) == 1
    outbound.refresh_from_db()
    assert (outbound.status, outbound.attempts) == ("sent", 2)


def test_an_email_sent_by_cron_is_not_sent_again_by_its_job(queued_emails, email):
    email.send()
    call_command("send_pending_emails", "--queued-grace", "0")  # the job counts as lost
    run_email_worker()
    assert len(mail.outbox) == 1
    assert queued_emails.finished_job_registry.count == 1
