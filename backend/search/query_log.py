"""The query log and result clicks, noted by searches and written off the request path.

A search only notes what it did (`log_search`, `log_click`) in this thread's
list; when Django finishes the request (`request_finished`, sent once the
response is written), the notes go to the process's buffer, which a thread
writes to PostgreSQL in batches (search/log_writer.py). The query log never
fails a search, and the shopper never waits for it. Nothing personal is kept:
no IP address, no user, only the language, the normalised query, the result
count and backend, keyed hashes standing for the shopper and for the client's
network (search/shoppers.py: counted, never shown), the A/B test and arm it ranked
with (ids), and for a click the search's id, the product and its position.
"""
import threading
import uuid
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from search.log_writer import writer
from search.models import SearchClick, SearchLogEntry
from search.text import normalised

MAX_PENDING = 100  # per thread; more means request_finished is not being sent
_pending = threading.local()


def _note(kind, fields):
    notes = getattr(_pending, "notes", None)
    if notes is None:
        notes = _pending.notes = []
    if len(notes) < MAX_PENDING:
        notes.append((kind, {**fields, "created_at": timezone.now()}))


def log_search(*, language: str, text: str, results: int, backend: str, offset: int = 0,
               shopper: str = "", network: str = "", experiment: int | None = None,
               arm: int | None = None, shown=()) -> str | None:
    """Note a search; returns its id (the storefront sends it back with clicks). `shopper` and
    `network`: search.shoppers.shopper_hash and network_hash of the request; `experiment` and
    `arm`: the A/B test arm it ranked with (search/experiments.py), if any; `shown`: the page's
    product ids in order (the impressions search/popularity.py rolls clicks over)."""
    if not settings.SEARCH_QUERY_LOG:
        return None
    search_id = str(uuid.uuid4())
    _note("search", {"search_id": search_id, "language": language, "query": normalised(text)[:200],
                     "results": results, "backend": backend, "offset": offset, "shopper": shopper,
                     "network": network, "experiment": experiment, "arm": arm, "shown": shown})
    return search_id


def log_click(*, search_id: str, product_id: int, position: int) -> None:
    if settings.SEARCH_QUERY_LOG:
        _note("click", {"search_id": search_id, "product_id": product_id, "position": position})


def flush(**kwargs) -> None:
    """request_finished: this thread's notes go to the process's writer."""
    notes = getattr(_pending, "notes", None)
    if notes:
        _pending.notes = []
        writer.add(notes)


def delete_expired(*, days: int | None = None) -> tuple[int, int]:
    """Deletes log entries and clicks older than SEARCH_LOG_RETENTION_DAYS; returns the counts."""
    cutoff = timezone.now() - timedelta(days=settings.SEARCH_LOG_RETENTION_DAYS if days is None else days)
    entries, _ = SearchLogEntry.objects.filter(created_at__lt=cutoff).delete()
    clicks, _ = SearchClick.objects.filter(created_at__lt=cutoff).delete()
    return entries, clicks
