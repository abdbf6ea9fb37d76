"""Email test fixtures: the real test Redis queue, a really unreachable Redis, SMTP stand-ins."""
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
def redis_down(settings, redis_unreachable):
    """The email queue is on, Redis is unreachable; search sync stays out of the way."""
    settings.ELASTIC_SYNC = False


@pytest.fixture
def flaky_smtp(settings):
    settings.EMAIL_BACKEND = "emails.tests.backends.FlakySMTPBackend"
    yield FlakySMTPBackend
    FlakySMTPBackend.failures = 0
