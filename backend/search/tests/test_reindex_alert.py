"""Staff hear about a failed `search_index --rebuild` by email; the command still fails as before."""
import pytest
from django.core import mail
from django.core.management import call_command

from emails.models import OutboundEmail
from emails.tests.helpers import FAILING_SMTP
from search.indexing.alerts import notify_reindex_failed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def direct_emails(settings):
    settings.USING_REDIS_QUEUE = False
    settings.ELASTIC_SYNC = False


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


def test_reindex_alert_goes_to_the_configured_staff_only(settings):
    settings.STAFF_ALERT_EMAILS = []
    assert notify_reindex_failed(error_text="ConnectionError: refused") is None
    assert mail.outbox == [] and not OutboundEmail.objects.exists()
    settings.STAFF_ALERT_EMAILS = ["ops@example.cz", "dev@example.cz"]
    notify_reindex_failed(error_text="ConnectionError: refused")
    [message] = mail.outbox
    assert message.to == ["ops@example.cz", "dev@example.cz"]
    assert "ConnectionError: refused" in message.body and "reindex failed" in message.subject
