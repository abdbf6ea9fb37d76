"""The throttles' cache table is common's (migration 0001): made on a new database, taken
over, counters kept, on one whose table an `emails` migration made before."""
import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

from common.tests.migrations import migrate, migrate_to_latest

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

OWNED = [("common", "0001_throttle_cache_table")]
OLD_TABLE = "emails_throttle_cache"


def _tables():
    return set(connection.introspection.table_names())


def _execute(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


@pytest.fixture
def before_common_owned_it():
    """common's migration not applied (its reverse does nothing); the latest state afterwards."""
    table = settings.CACHES["throttle"]["LOCATION"]
    caches["throttle"].clear()  # the table is not among the ones a test's flush empties
    migrate([("common", None)])
    try:
        yield table
    finally:
        migrate_to_latest()
        call_command("createcachetable", verbosity=0)
        _execute(f"DROP TABLE IF EXISTS {OLD_TABLE}")


def test_a_new_database_gets_the_table_from_commons_migration(before_common_owned_it):
    table = before_common_owned_it
    _execute(f"DROP TABLE {table}")
    migrate(OWNED)
    assert table in _tables()
    caches["throttle"].set("throttle_test", 3)
    assert caches["throttle"].get("throttle_test") == 3


def test_an_existing_database_keeps_its_table_and_counters(before_common_owned_it):
    table = before_common_owned_it
    _execute(f"ALTER TABLE {table} RENAME TO {OLD_TABLE}")  # as emails/0002 made it
    _execute(f"INSERT INTO {OLD_TABLE} (cache_key, value, expires) VALUES (%s, %s, now() + interval '1 hour')",
             [":1:kept", "counter"])
    migrate(OWNED)
    assert table in _tables() and OLD_TABLE not in _tables()
    assert _execute(f"SELECT cache_key FROM {table}") == [(":1:kept",)]
    caches["throttle"].set("throttle_test", 3)
    assert caches["throttle"].get("throttle_test") == 3
