"""Each web process's query-log buffer, and the thread that writes it to PostgreSQL.

Why a thread and not an RQ job per batch: measured in the benchmark, an RQ
job per batch (a forked work horse and a new PostgreSQL connection each, on
the cores the searches use) cost about ten times the CPU of the insert
itself. Here a daemon thread per process inserts the buffer every
SEARCH_LOG_BATCH_SECONDS (sooner once SEARCH_LOG_BATCH notes are waiting),
one INSERT of column arrays per kind on its own connection, bounded by
SEARCH_LOG_WRITE_TIMEOUT_MS. A request only appends to a list.

Nothing is lost to a slow or absent PostgreSQL: a batch that could not be
written goes back to the buffer and is tried again; only beyond
SEARCH_LOG_MAX_BUFFERED notes are the oldest dropped (counted, and logged).
A batch PostgreSQL refuses for its data (a value out of range: no retry can
help) is split in halves until the refused notes are found; those are set
aside (counted, logged once, not retried) and the rest is written, so one bad
note cannot stop the log.
Redis is not involved. A process that exits waits briefly for its last batch.
"""
import atexit
import logging
import os
import threading
import time

from django.conf import settings
from django.db import DataError, IntegrityError, connection, transaction

from search.models import SearchClick, SearchLogEntry

logger = logging.getLogger(__name__)
EXIT_WAIT_SECONDS = 2.0


# Each column arrives as one array: psycopg2 adapts them in C, so the writer thread (which
# shares the interpreter lock with the requests of its process) spends almost no Python on
# a batch. Building model instances for bulk_create held that lock for every note.
_COLUMNS = {
    SearchLogEntry: (("search_id", "uuid"), ("created_at", "timestamptz"), ("language", "text"),
                     ("query", "text"), ("results", "integer"), ("backend", "text"), ("offset", "integer"),
                     ("shopper", "text"), ("network", "text"), ("experiment", "bigint"), ("arm", "bigint"),
                     ("shown", "bigint[]")),
    SearchClick: (("search_id", "uuid"), ("created_at", "timestamptz"), ("product_id", "bigint"),
                  ("position", "integer")),
}
_KINDS = {"search": SearchLogEntry, "click": SearchClick}
# Columns added since notes were first made, with the value a note lacking one is written with
# (a note an older release handed over during a deploy): the note is written, not set aside.
_LATER_COLUMNS = {"experiment": None, "arm": None, "shown": ()}


def _insert_sql(model):
    columns = _COLUMNS[model]
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name, _ in columns)
    # An array column travels as one array literal per row ('{1,2}') in a text[]: unnest would
    # flatten an array of arrays.
    arrays = ", ".join(f"%s::{'text' if kind.endswith('[]') else kind}[]" for _, kind in columns)
    selected = ", ".join(f"c{number}::{kind}" if kind.endswith("[]") else f"c{number}"
                         for number, (_, kind) in enumerate(columns))
    aliases = ", ".join(f"c{number}" for number in range(len(columns)))
    conflict = " ON CONFLICT (search_id) DO NOTHING" if model is SearchLogEntry else ""
    return (f"INSERT INTO {model._meta.db_table} ({names}) SELECT {selected} FROM unnest({arrays}) "
            f"AS u({aliases}){conflict}")


def _column(rows, name, kind):
    values = [row[name] if name in row or name not in _LATER_COLUMNS else _LATER_COLUMNS[name] for row in rows]
    if kind.endswith("[]"):
        return ["{" + ",".join(map(str, map(int, value))) + "}" for value in values]
    return values


def write_notes(notes) -> None:
    """One insert per kind. A search id already written (a retried batch) is skipped."""
    with transaction.atomic(), connection.cursor() as cursor:
        # Bounded, and only for these inserts: the setting ends with the transaction.
        cursor.execute("SET LOCAL statement_timeout = %s", [settings.SEARCH_LOG_WRITE_TIMEOUT_MS])
        for kind, model in _KINDS.items():
            rows = [fields for noted, fields in notes if noted == kind]
            if rows:
                cursor.execute(_insert_sql(model), [_column(rows, name, kind) for name, kind in _COLUMNS[model]])


# Refusals of the data itself; anything else (connection lost, statement timeout) is an
# availability problem. ValueError: psycopg2 refuses to send some values (a NUL in a text);
# KeyError: a note made by an older release lacks a column added since (other than _LATER_COLUMNS).
REFUSED_DATA = (DataError, IntegrityError, ValueError, KeyError)


class NotWritten(Exception):
    """PostgreSQL not available while a batch was being written: `notes` still need writing."""

    def __init__(self, notes, error):
        super().__init__(str(error))
        self.notes, self.error = notes, error


def write_sifting(batch) -> list:
    """Writes `batch`; a part refused for its data is halved until each refused note is alone.
    Returns the refused notes. Raises NotWritten with what is left when PostgreSQL fails."""
    parts, refused = [batch], []
    while parts:
        part = parts.pop()
        try:
            write_notes(part)
        except REFUSED_DATA as error:
            if len(part) == 1:
                refused.append((part[0], error))
            else:
                parts += [part[len(part) // 2:], part[:len(part) // 2]]  # first half next
        except Exception as error:
            raise NotWritten([note for rest in parts for note in rest] + part, error) from error
    return refused


class LogWriter:
    def __init__(self):
        self._reset()

    def _reset(self):
        self._condition = threading.Condition()
        self._notes = []
        self._oldest_at = 0.0  # when the oldest buffered note arrived
        self._retry_at = 0.0  # after a failed write, not before this
        self._writing = False
        self._flush_requested = False
        self._failing = False
        self._stopping = False
        self._thread = None
        self._pid = None
        self.dropped = 0  # notes given up on (buffer full)
        self.refused = 0  # notes PostgreSQL refused for their data, set aside
        self.failed_writes = 0
        self.written_batches = 0  # inserts that went through (a batch is one per kind of note)

    def add(self, notes) -> None:
        with self._condition:
            if not self._notes:
                self._oldest_at = time.monotonic()
                self._condition.notify_all()  # the writer starts counting the interval
            self._notes.extend(notes)
            self._trim()
            if len(self._notes) >= settings.SEARCH_LOG_BATCH:
                self._condition.notify_all()
            self._ensure_thread()

    def wait_until_written(self, timeout: float) -> bool:
        """Writes what is buffered now; True once it is in PostgreSQL, False if that failed
        or took longer than `timeout`."""
        deadline = time.monotonic() + timeout
        with self._condition:
            if not self._notes and not self._writing:
                return True
            self._ensure_thread()
            self._flush_requested = bool(self._notes)
            self._condition.notify_all()
            while self._notes or self._writing:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or (self._failing and not self._writing):
                    return False
                self._condition.wait(remaining)
            return True

    def stop(self, timeout: float) -> bool:
        """Writes what is buffered, then ends this process's thread and closes its connection
        (process exit; the test database's teardown). A later note starts a new thread."""
        written = self.wait_until_written(timeout)
        with self._condition:
            thread = self._thread if self._pid == os.getpid() else None
            self._stopping = True
            self._condition.notify_all()
        if thread is not None:
            thread.join(timeout)
        return written

    def _trim(self):
        excess = len(self._notes) - settings.SEARCH_LOG_MAX_BUFFERED
        if excess > 0:
            del self._notes[:excess]
            self.dropped += excess
            logger.warning("query log: buffer full, %d oldest notes dropped (%d in all)", excess, self.dropped)

    def _ensure_thread(self):
        """Started on first use in each process (a thread does not survive a fork)."""
        if self._pid != os.getpid() or not self._thread.is_alive():
            self._pid = os.getpid()
            self._stopping = False
            self._thread = threading.Thread(target=self._run, name="query-log-writer", daemon=True)
            self._thread.start()

    def _take(self, idle):
        """The next batch; [] after an interval with nothing to write; None when the thread is
        to end. `idle`: the connection is closed, so wait for a note however long it takes."""
        with self._condition:
            while True:
                if self._stopping and not self._notes:
                    return None
                backing_off = self._retry_at - time.monotonic()
                if backing_off > 0 and self._notes:
                    self._condition.wait(backing_off)
                    continue
                if self._stopping or self._flush_requested or len(self._notes) >= settings.SEARCH_LOG_BATCH:
                    break
                if self._notes:
                    remaining = self._oldest_at + settings.SEARCH_LOG_BATCH_SECONDS - time.monotonic()
                    if remaining <= 0:
                        break
                    self._condition.wait(remaining)
                elif idle:
                    self._condition.wait()
                elif not self._condition.wait(settings.SEARCH_LOG_BATCH_SECONDS) and not self._notes:
                    return []
            batch, self._notes = self._notes, []
            self._flush_requested = False
            self._writing = bool(batch)
            return batch

    def _run(self):
        idle = True
        while True:
            batch = self._take(idle)
            if not batch:  # nothing for a while, or stopping: give the connection back
                connection.close()
                idle = True
                if batch is None:
                    return
                continue
            idle = False
            try:
                refused = write_sifting(batch)
            except NotWritten as failed:  # PostgreSQL slow or down: keep the notes, try later
                connection.close()
                idle = True
                self._finished(failed.notes, failed.error)
            else:
                self._finished(None, None, refused)

    def _finished(self, failed_batch, error, refused=()):
        with self._condition:
            if refused:
                self.refused += len(refused)
                details = "; ".join(f"{note!r}: {type(err).__name__}: {err}".strip() for note, err in refused)
                logger.error("query log: %d notes refused by PostgreSQL (or unfit to write) and set aside "
                             "(%d in all): %s", len(refused), self.refused, details[:2000])
            if failed_batch:
                self.failed_writes += 1
                self._notes[:0] = failed_batch
                self._retry_at = time.monotonic() + settings.SEARCH_LOG_BATCH_SECONDS
                self._trim()
                if not self._failing:
                    logger.warning("query log: %d notes not written yet (%s); retrying", len(failed_batch), error)
            else:
                self.written_batches += 1
                if self._failing:
                    logger.warning("query log: writing again")
            self._failing = bool(failed_batch)
            self._writing = False
            self._condition.notify_all()


writer = LogWriter()
# A forked child (gunicorn --preload) starts empty, with a lock of its own; the parent writes its notes.
os.register_at_fork(after_in_child=writer._reset)


@atexit.register
def _write_before_exit():
    """A stopping process (gunicorn restart, deploy) writes what it still holds."""
    writer.stop(EXIT_WAIT_SECONDS)
