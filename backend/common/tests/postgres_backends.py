"""PostgreSQL faults a test may cause on the shared server: only ever to its own connection."""
import psycopg2
from django.db import connection


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def terminate_backend(pid: int) -> None:
    """Ends PostgreSQL's process serving `pid`, from a second connection (what a restart does
    to every connection), and waits until it is gone."""
    db = connection.settings_dict
    other = psycopg2.connect(dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"], host=db["HOST"],
                             port=db["PORT"])
    other.autocommit = True
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            for _ in range(100):
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
                if not cursor.fetchone()[0]:
                    return
                cursor.execute("SELECT pg_sleep(0.02)")
        raise AssertionError(f"PostgreSQL backend {pid} is still running")
    finally:
        other.close()
