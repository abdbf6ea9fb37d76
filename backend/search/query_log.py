"""The query log and result clicks, written after the response has been sent.

A search only notes what it did (`log_search`, `log_click`) in this thread's
list; when Django finishes the request (`request_finished`, sent once the
response is written), the notes join the process's batch, and a full or old
enough batch goes to RQ's `low` queue as one job, or, with the queue off or
Redis down, straight to PostgreSQL with a short statement timeout. Any
failure there is logged and dropped: the query log never fails a search, and
the shopper never waits for it. Nothing personal is kept: no IP address, no
user, only the language, the normalised query, the result count and backend,
and for a click the search's id, the product and its position.
"""
import atexit
import logging
import threading
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from common.queue import enqueue_or_run
from search.models import SearchClick, SearchLogEntry
from search.text import normalised

logger = logging.getLogger(__name__)

MAX_PENDING = 100  # per thread; more means request_finished is not being sent
_pending = threading.local()
_batch_lock = threading.Lock()
_process_batch = {"notes": [], "since": 0.0}


def _note(kind, fields):
    notes = getattr(_pending, "notes", None)
    if notes is None:
        notes = _pending.notes = []
    if len(notes) < MAX_PENDING:
        notes.append((kind, {**fields, "created_at": timezone.now()}))


def log_search(*, language: str, text: str, results: int, backend: str, offset: int = 0) -> str | None:
    """Note a search; returns its id (the storefront sends it back with clicks)."""
    if not settings.SEARCH_QUERY_LOG:
        return None
    search_id = str(uuid.uuid4())
    _note("search", {"search_id": search_id, "language": language, "query": normalised(text)[:200],
                     "results": results, "backend": backend, "offset": offset})
    return search_id


def log_click(*, search_id: str, product_id: int, position: int) -> None:
    if settings.SEARCH_QUERY_LOG:
        _note("click", {"search_id": search_id, "product_id": product_id, "position": position})


def write_notes(notes) -> None:
    """The job: one bulk insert per kind. A repeated search id (a retried job) is skipped."""
    searches = [SearchLogEntry(**fields) for kind, fields in notes if kind == "search"]
    clicks = [SearchClick(**fields) for kind, fields in notes if kind == "click"]
    with transaction.atomic(), connection.cursor() as cursor:
        # Bounded, and only for these inserts: a failure rolls the setting back with them,
        # a success resets it (the caller may be inside a transaction of its own).
        cursor.execute("SET LOCAL statement_timeout = %s", [settings.SEARCH_LOG_WRITE_TIMEOUT_MS])
        SearchLogEntry.objects.bulk_create(searches, ignore_conflicts=True)
        SearchClick.objects.bulk_create(clicks)
        cursor.execute("SET LOCAL statement_timeout TO DEFAULT")


def _write_here(notes):
    try:
        write_notes(notes)
    except DatabaseError as error:
        logger.warning("query log: %d notes dropped (%s)", len(notes), error)


def _batch(notes):
    """Adds a request's notes to this process's batch; returns the batch when it is due: at
    SEARCH_LOG_BATCH notes or SEARCH_LOG_BATCH_SECONDS after its first (one job per batch,
    not per search)."""
    now = time.monotonic()
    with _batch_lock:
        if not _process_batch["notes"]:
            _process_batch["since"] = now
        _process_batch["notes"].extend(notes)
        due = (len(_process_batch["notes"]) >= settings.SEARCH_LOG_BATCH
               or now - _process_batch["since"] >= settings.SEARCH_LOG_BATCH_SECONDS)
        if not due:
            return []
        batch, _process_batch["notes"] = _process_batch["notes"], []
        return batch


def _send(notes):
    try:
        enqueue_or_run(queue_name="low", enqueue=lambda queue: queue.enqueue(write_notes, notes),
                       inline=lambda: _write_here(notes), what="query log")
    except Exception as error:  # never let the log break the server's request handling
        logger.warning("query log: %d notes dropped (%s)", len(notes), error)


def flush(**kwargs) -> None:
    """request_finished: this thread's notes join the process's batch; a due batch goes to the
    queue, or is written here."""
    notes = getattr(_pending, "notes", None)
    if not notes:
        return
    _pending.notes = []
    batch = _batch(notes)
    if batch:
        _send(batch)


@atexit.register
def flush_batch_at_exit():
    """A process that stops sends what it still holds (a killed one loses at most one batch)."""
    with _batch_lock:
        batch, _process_batch["notes"] = _process_batch["notes"], []
    if batch:
        _send(batch)


def delete_expired(*, days: int | None = None) -> tuple[int, int]:
    """Deletes log entries and clicks older than SEARCH_LOG_RETENTION_DAYS; returns the counts."""
    cutoff = timezone.now() - timedelta(days=settings.SEARCH_LOG_RETENTION_DAYS if days is None else days)
    entries, _ = SearchLogEntry.objects.filter(created_at__lt=cutoff).delete()
    clicks, _ = SearchClick.objects.filter(created_at__lt=cutoff).delete()
    return entries, clicks
