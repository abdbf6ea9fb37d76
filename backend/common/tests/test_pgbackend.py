"""The PostgreSQL backend (common/pgbackend/base.py): no ping on a busy connection, one ping
after idling or before a transaction, and a request's first read re-sent on a new connection
when the old one died; never a write."""
import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import OperationalError, connection, transaction

from common.tests.postgres_backends import backend_pid, terminate_backend

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pings(monkeypatch):
    """How many times the backend asked PostgreSQL `SELECT 1` (Django's is_usable)."""
    asked = []
    is_usable = connection.is_usable

    def counted():
        asked.append(1)
        return is_usable()

    monkeypatch.setattr(connection, "is_usable", counted)
    return asked


def next_request():
    """What the WSGI handler does between two requests (request_finished, request_started)."""
    connection.close_if_unusable_or_obsolete()


def test_a_connection_that_just_answered_is_not_pinged(pings):
    backend_pid()
    next_request()
    backend_pid()
    assert pings == []


def test_an_idle_connection_is_pinged_as_before(pings):
    backend_pid()
    connection.settings_dict["PING_AFTER_IDLE"] = 0
    try:
        next_request()
        backend_pid()
    finally:
        del connection.settings_dict["PING_AFTER_IDLE"]
    assert pings == [1]


def test_the_first_read_on_a_dead_connection_is_sent_again_on_a_new_one(pings):
    killed = backend_pid()
    terminate_backend(killed)
    next_request()
    assert backend_pid() != killed
    assert pings == []


def test_a_transaction_on_an_unverified_connection_pings_first(pings):
    killed = backend_pid()
    terminate_backend(killed)
    next_request()
    with transaction.atomic():
        assert backend_pid() != killed
    assert pings == [1]


def test_a_server_side_cursor_on_an_unverified_connection_pings_first(pings):
    terminate_backend(backend_pid())
    next_request()
    assert list(ContentType.objects.order_by("id").values_list("id", flat=True).iterator(chunk_size=2))
    assert pings == [1]


def test_a_write_is_never_sent_twice():
    terminate_backend(backend_pid())
    next_request()
    with pytest.raises(OperationalError), connection.cursor() as cursor:
        cursor.execute("UPDATE django_content_type SET model = model WHERE id < 0")
    next_request()  # the failed request's end drops the dead connection: the next one works
    assert backend_pid()


def test_only_the_first_statement_of_a_request_is_sent_again():
    next_request()
    killed = backend_pid()
    terminate_backend(killed)
    with pytest.raises(OperationalError):
        backend_pid()
    next_request()
    assert backend_pid() != killed
