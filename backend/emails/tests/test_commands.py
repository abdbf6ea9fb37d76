"""`send_pending_emails` (cron's safety net) and the staff alert of `search_index --rebuild`."""
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from emails.delivery import record
from emails.models import OutboundEmail
from emails.tests.helpers import FAILING_SMTP

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("direct_emails")]


def _pending(subject, **fields):
    outbound = record("test", {"subject": subject, "text": "body", "html": "", "from_email": "shop@localhost",
                               "recipients": ["jana@example.cz"]})
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


@pytest.fixture
def failing_rebuild(product_index):
    """Elasticsearch rejects the new index's settings, so the rebuild really fails."""
    from search.documents import ProductDocument

    original = dict(ProductDocument._index._settings)
    ProductDocument._index._settings["number_of_shards"] = 0
    yield
    ProductDocument._index._settings.clear()
    ProductDocument._index._settings.update(original)


@pytest.mark.usefixtures("failing_rebuild")
def test_a_failed_rebuild_emails_the_staff_and_still_exits_1(settings):
    settings.STAFF_ALERT_EMAILS = ["ops@example.cz"]
    with pytest.raises(SystemExit) as exited:
        call_command("search_index", "--rebuild", "-f")
    assert exited.value.code == 1
    [message] = mail.outbox
    assert message.to == ["ops@example.cz"] and "number_of_shards" in message.body


@pytest.mark.usefixtures("failing_rebuild")
def test_a_failing_alert_does_not_change_how_the_rebuild_fails(settings, capsys):
    settings.STAFF_ALERT_EMAILS = ["ops@example.cz"]
    settings.EMAIL_BACKEND = FAILING_SMTP
    with pytest.raises(SystemExit) as exited:
        call_command("search_index", "--rebuild", "-f")
    assert exited.value.code == 1
    assert "rebuild failed, the previous index stays live" in capsys.readouterr().err
    assert OutboundEmail.objects.get().status == "pending"  # cron will still deliver it
