"""Django's PostgreSQL backend, without the `SELECT 1` before every request's first query.

CONN_HEALTH_CHECKS pings PostgreSQL before the first query of each request: on a
search that was one round trip of four and 14 % of a loaded worker's samples
(bench/results/profile/). Here a connection is trusted without a ping while psycopg
says it is open and idle and PostgreSQL answered on it less than PING_AFTER_IDLE
seconds ago (DATABASE_PING_AFTER_IDLE_SECONDS); one idle for longer is pinged as
before (a firewall or idle_session_timeout may have dropped it without a word).

A connection that died meanwhile (PostgreSQL restarted, its backend terminated)
shows on the request's first statement. When that statement is a read outside any
transaction, it is sent once more on a new connection, so the request answers as
it did with the ping. A transaction's statements cannot be re-sent alone, nor a
server-side cursor's (`.iterator()`) fetches: opening either on an unverified
connection pings first, as before.
"""
import logging
import time

from django.db import InterfaceError, OperationalError
from django.db.backends import utils
from django.db.backends.postgresql import base
from psycopg2.extensions import TRANSACTION_STATUS_IDLE

logger = logging.getLogger(__name__)

DEFAULT_PING_AFTER_IDLE = 10.0


class _ResendsFirstRead:
    """Cursor wrapper part: stamps each answer, and re-sends the request's first read once
    when the unverified connection proves dead."""

    db: "DatabaseWrapper"
    cursor: object

    def _execute(self, sql, params, *ignored_wrapper_args):
        db = self.db
        first, db.unverified = db.unverified, False
        try:
            result = super()._execute(sql, params, *ignored_wrapper_args)  # type: ignore[misc]
        except (OperationalError, InterfaceError) as error:
            if not (first and db.may_resend(self.cursor, sql)):
                raise
            logger.info("postgres: the connection was lost (%s); reconnecting for the first read", error)
            db.close()
            db.ensure_connection()
            self.cursor = db.create_cursor()
            result = super()._execute(sql, params, *ignored_wrapper_args)  # type: ignore[misc]
        db.answered_at = time.monotonic()
        return result


class CursorWrapper(_ResendsFirstRead, utils.CursorWrapper):
    pass


class CursorDebugWrapper(_ResendsFirstRead, base.CursorDebugWrapper):
    pass


class DatabaseWrapper(base.DatabaseWrapper):
    health_check_enabled: bool  # Django's, not in its stubs
    health_check_done: bool

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.answered_at = 0.0  # time.monotonic() of PostgreSQL's last answer on this connection
        self.unverified = False  # trusted without a ping: its next statement may find it dead
        self.must_ping = False  # opening a transaction or a server-side cursor

    @property
    def ping_after_idle(self) -> float:
        return float(self.settings_dict.get("PING_AFTER_IDLE", DEFAULT_PING_AFTER_IDLE))

    def connect(self):
        super().connect()
        self.answered_at = time.monotonic()
        self.unverified = False

    def looks_alive(self) -> bool:
        """Open and idle as psycopg last saw it, and answering a moment ago: no round trip."""
        connection = self.connection
        return (connection is not None and not connection.closed
                and connection.info.transaction_status == TRANSACTION_STATUS_IDLE
                and time.monotonic() - self.answered_at < self.ping_after_idle)

    def close_if_health_check_failed(self):
        if self.connection is None or not self.health_check_enabled or self.health_check_done:
            return
        if not self.must_ping and self.looks_alive():
            self.health_check_done = True
            self.unverified = True
            return
        super().close_if_health_check_failed()  # SELECT 1, and a new connection if it fails

    def set_autocommit(self, autocommit, force_begin_transaction_with_broken_autocommit=False):
        self.must_ping = not autocommit
        try:
            super().set_autocommit(autocommit, force_begin_transaction_with_broken_autocommit)
        finally:
            self.must_ping = False

    def _cursor(self, name=None):
        self.must_ping = name is not None
        try:
            return super()._cursor(name)  # type: ignore[misc]  # not in the stubs
        finally:
            self.must_ping = False

    def may_resend(self, cursor, sql: str) -> bool:
        """A read, in autocommit, on a connection psycopg now knows is lost: sending it again on
        a new one cannot apply anything twice."""
        return (self.connection is not None and bool(self.connection.closed)
                and not self.in_atomic_block and self.settings_dict["AUTOCOMMIT"] and self.autocommit
                and not getattr(cursor, "name", None) and sql.lstrip()[:6].upper() == "SELECT")

    def make_cursor(self, cursor):
        return CursorWrapper(cursor, self)

    def make_debug_cursor(self, cursor):
        return CursorDebugWrapper(cursor, self)
