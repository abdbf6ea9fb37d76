"""`search_sync`: the backlog for operators, `--apply` for cron, `--drain` for now."""
import pytest
from django.core.management import call_command
from django.utils import timezone

from products.tests.factories import make_product
from search.models import PendingIndexChange
from search.tests.helpers import indexed_document

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]


@pytest.fixture
def failing_change(settings):
    """A published product whose change failed once and waits for its retry."""
    settings.ELASTIC_SYNC = False
    product = make_product({"cs": "Čekající"})
    PendingIndexChange.objects.create(
        product_id=product.id, seq=1, attempts=1, last_error="ConnectionError: refused",
        next_attempt_at=timezone.now() + timezone.timedelta(minutes=5),
    )
    settings.ELASTIC_SYNC = True
    return product


def test_status_shows_the_backlog_and_its_errors(failing_change, capsys):
    call_command("search_sync")
    output = capsys.readouterr().out
    assert "Backlog: 1 pending (1 failing, 0 due)" in output
    assert "ConnectionError: refused" in output


def test_apply_respects_the_backoff_and_drain_does_not(failing_change, capsys):
    call_command("search_sync", "--apply")
    assert indexed_document(failing_change.id) is None
    call_command("search_sync", "--drain")
    assert indexed_document(failing_change.id)["title"]["cs"] == "Čekající"
    assert "Backlog: 0 pending" in capsys.readouterr().out.splitlines()[-1]
