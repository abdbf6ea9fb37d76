"""Email test fixtures: the real test Redis queue, a really unreachable Redis, SMTP stand-ins."""
import copy

import django_rq
import pytest

from emails.tests.backends import FlakySMTPBackend


@pytest.fixture
def queued_emails(settings, test_redis):
    """Emails go through the `high` queue of the test Redis; retries without waiting."""
    settings.USING_REDIS_QUEUE = True
    settings.ELASTIC_SYNC = False
    settings.EMAIL_RETRY_INTERVALS = [0]
    return django_rq.get_queue("high")


@pytest.fixture
def direct_emails(settings):
    settings.USING_REDIS_QUEUE = False
    settings.ELASTIC_SYNC = False


@pytest.fixture
def redis_down(settings, closed_port):
    """The queue is on, but every RQ queue points at a loopback port nothing listens on."""
    settings.USING_REDIS_QUEUE = True
    settings.ELASTIC_SYNC = False
    queues = copy.deepcopy(settings.RQ_QUEUES)
    for queue in queues.values():
        queue["URL"] = f"redis://127.0.0.1:{closed_port}/0?socket_connect_timeout=1"
    settings.RQ_QUEUES = queues


@pytest.fixture
def flaky_smtp(settings):
    settings.EMAIL_BACKEND = "emails.tests.backends.FlakySMTPBackend"
    yield FlakySMTPBackend
    FlakySMTPBackend.failures = 0
