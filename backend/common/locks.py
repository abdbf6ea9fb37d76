"""PostgreSQL advisory locks: one process at a time, across hosts (rebuilds, index creation,
`run_locked` commands), in one helper.

Session-level and polled with pg_try_advisory_lock, never a blocking pg_advisory_lock: the
server's statement timeout (DATABASE_STATEMENT_TIMEOUT_MS) would cancel a long wait. Not
django-pglock: its advisory() sends the same two statements, but its waiting form blocks in
pg_advisory_lock under a lock_timeout (which the statement timeout cuts short), and it brings
django-pgactivity and two more installed apps for it.
"""
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

POLL_SECONDS = 0.2


def _try_lock(key: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        return cursor.fetchone()[0]


@contextmanager
def advisory_lock(key: int, *, wait_seconds: float = 0.0) -> Iterator[bool]:
    """Yields whether the lock `key` was taken within `wait_seconds` (the block runs either
    way and decides what to do without it); a taken lock is released when the block ends."""
    deadline = time.monotonic() + wait_seconds
    while not (taken := _try_lock(key)) and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
    try:
        yield taken
    finally:
        if taken:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
