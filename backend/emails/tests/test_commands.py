"""`send_pending_emails`: cron's safety net for emails whose job was lost or never queued."""
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from emails.delivery import record
from emails.models import OutboundEmail
from emails.tests.helpers import FAILING_SMTP, subscribe_confirmed
from products.models import Product
from products.tests.factories import make_product

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("direct_emails")]


def _pending(subject, **fields):
    message = {"subject": subject, "text": "body", "html": "", "from_email": "shop@localhost",
               "recipients": ["jana@example.cz"]}
    outbound = record(kind="test", message=message)
    OutboundEmail.objects.filter(pk=outbound.pk).update(**fields)
    return outbound


def test_sends_unqueued_and_long_queued_emails_but_leaves_fresh_jobs_to_the_worker(capsys):
    _pending("never queued")
    _pending("job lost", enqueued_at=timezone.now() - timedelta(hours=2))
    _pending("in the queue", enqueued_at=timezone.now())
    _pending("done", status="sent")
    call_command("send_pending_emails")
    assert sorted(message.subject for message in mail.outbox) == ["job lost", "never queued"]
    assert "Sent 2, failed 0; outbox: 1 pending, 0 failed" in capsys.readouterr().out


def test_gives_up_after_the_maximum_attempts_and_retries_failed_on_request(settings):
    settings.EMAIL_MAX_ATTEMPTS = 2
    settings.EMAIL_BACKEND = FAILING_SMTP
    outbound = _pending("stubborn")
    call_command("send_pending_emails")
    assert OutboundEmail.objects.get().status == "pending"
    call_command("send_pending_emails")
    outbound.refresh_from_db()
    assert (outbound.status, outbound.attempts) == ("failed", 2)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_pending_emails")
    assert mail.outbox == []
    call_command("send_pending_emails", "--retry-failed")
    assert [message.subject for message in mail.outbox] == ["stubborn"]


def test_sends_the_back_in_stock_alerts_whose_on_commit_run_was_lost(capsys):
    """Found by make soak: a PostgreSQL restart right after a restock committed lost the
    on-commit run that emails the subscribers, and nothing sent those alerts ever after."""
    waiting = make_product({"cs": "Zpátky"}, stock=0)
    hidden = make_product({"cs": "Skrytý"}, stock=0, published=False)
    still_out = make_product({"cs": "Pořád pryč"}, stock=0)
    for product in (waiting, hidden, still_out):
        subscribe_confirmed(product=product, email=f"ceka-{product.id}@example.cz", language="cs")
    # A bulk update sends no signal: the stock is back, and no on-commit run will email anyone.
    Product.objects.filter(id__in=[waiting.id, hidden.id]).update(stock=3)
    call_command("send_pending_emails")
    assert [message.to for message in mail.outbox] == [[f"ceka-{waiting.id}@example.cz"]]
    assert "Back-in-stock alerts owed and recorded now: 1" in capsys.readouterr().out
    call_command("send_pending_emails")  # owed once: never twice
    assert len(mail.outbox) == 1
