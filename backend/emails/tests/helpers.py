"""Running the email queue's worker in tests, as search/tests/test_tasks.py does for sync."""
import re
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

from django.core.management import call_command

FAILING_SMTP = "emails.tests.backends.FailingSMTPBackend"


def run_email_worker(**options):
    """A burst worker in this process: works the `high` queue until it is empty."""
    call_command("rqworker", "high", burst=True, worker_class="rq.worker.SimpleWorker", **options)


def subscribe_confirmed(*, product, email, language):
    """A subscription as its owner leaves it after following the confirmation link
    (written directly: no confirmation email in the outbox or the queue)."""
    from django.utils import timezone

    from emails.models import BackInStockSubscription

    now = timezone.now()
    return BackInStockSubscription.objects.create(
        product=product, email=email, language=language, confirmation_sent_at=now, confirmed_at=now,
    )


def _link(message, kind):
    found = re.search(rf"https?://\S+/back-in-stock/{kind}/[^/\s]+/\?lang=\w+", message.body)
    assert found, f"no {kind} link in: {message.body}"
    return found.group(0)


def confirm_link(message):
    return _link(message, "confirm")


def unsubscribe_link(message):
    return _link(message, "unsubscribe")


def link_token(url):
    return url.split("/back-in-stock/", 1)[1].split("/")[1]


@contextmanager
def time_machine_after(*, seconds):
    """Signing's clock `seconds` ahead (time.time as django.core.signing reads it)."""
    import time

    real = time.time
    with mock.patch("django.core.signing.time.time", lambda: real() + timedelta(seconds=seconds).total_seconds()):
        yield
