"""The one advisory-lock helper (common/locks.py), against another PostgreSQL session."""
import threading
import time

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from common.locks import advisory_lock

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
KEY = 7_405_999_000_001


@pytest.fixture
def other_session():
    """A second session on the test database: another host holding or waiting for a lock."""
    db = settings.DATABASES["default"]
    other = psycopg2.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"],
                             dbname=connection.settings_dict["NAME"])
    other.autocommit = True
    yield other
    other.close()


def _locks(session, sql):
    with session.cursor() as cursor:
        cursor.execute(sql, [KEY])
        return cursor.fetchone()[0]


def test_taken_when_free_and_released_after(other_session):
    with advisory_lock(KEY) as taken:
        assert taken
        assert _locks(other_session, "SELECT pg_try_advisory_lock(%s)") is False
    assert _locks(other_session, "SELECT pg_try_advisory_lock(%s)") is True


def test_not_taken_while_another_session_holds_it(other_session):
    _locks(other_session, "SELECT pg_advisory_lock(%s)")
    started = time.monotonic()
    with advisory_lock(KEY, wait_seconds=0.5) as taken:
        assert not taken
    assert time.monotonic() - started >= 0.5
    assert _locks(other_session, "SELECT pg_advisory_unlock(%s)") is True  # still the other's


def test_waits_for_the_other_session_to_let_go(other_session):
    _locks(other_session, "SELECT pg_advisory_lock(%s)")
    threading.Timer(0.3, _locks, [other_session, "SELECT pg_advisory_unlock(%s)"]).start()
    with advisory_lock(KEY, wait_seconds=10) as taken:
        assert taken
