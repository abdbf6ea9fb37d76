"""Rebuilding the product index without a moment of failed or empty searches.

Steps: take a PostgreSQL advisory lock (two cron runs never overlap, even on
different hosts), note the change sequence, stream every published product in
chunks into a new index, swap the alias atomically, drop the old index, and
re-record products changed while the rebuild ran so the sync applies them to
the new index.
"""
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice

from elasticsearch import helpers

from common.locks import advisory_lock
from search.documents import ProductDocument
from search.indexing import indices, outbox

LOCK_KEY = 7_405_113_001  # arbitrary constant: "the product index rebuild"
CHUNK_SIZE = 500
BULK_THREADS = 2


class RebuildAlreadyRunning(Exception):
    pass


@dataclass
class RebuildResult:
    index: str
    documents: int
    seconds: float
    removed_indices: list
    replayed_changes: int


@contextmanager
def rebuild_lock():
    with advisory_lock(LOCK_KEY) as taken:
        if not taken:
            raise RebuildAlreadyRunning("another index rebuild is running")
        yield


def _actions(index, version):
    document = ProductDocument()
    for product in document.get_indexing_queryset():
        yield {
            "_op_type": "index", "_index": index, "_id": product.id,
            "_source": document.prepare(product),
            "version": version, "version_type": "external_gte",
        }


def _chunks(actions, size):
    actions = iter(actions)
    while chunk := list(islice(actions, size)):
        yield chunk


def _send_in_background(client, chunks):
    """Sends chunks from BULK_THREADS threads while this thread builds the next ones.

    Chunks are built here, so every database query stays in the caller's
    thread (helpers.parallel_bulk would consume the queryset in a pool thread
    and leave a database connection open there). Yields each chunk's size.
    """
    with ThreadPoolExecutor(max_workers=BULK_THREADS, thread_name_prefix="rebuild-bulk") as pool:
        in_flight: deque = deque()
        for chunk in chunks:
            in_flight.append(pool.submit(helpers.bulk, client, chunk, chunk_size=len(chunk), max_retries=3,
                                         initial_backoff=1, stats_only=True))
            if len(in_flight) >= BULK_THREADS * 2:
                yield in_flight.popleft().result()[0]
        while in_flight:
            yield in_flight.popleft().result()[0]


def rebuild_product_index(*, progress=None, chunk_size: int = CHUNK_SIZE) -> RebuildResult:
    """Builds a fresh index and swaps it in; `progress(done, total)` is called per chunk."""
    started = time.monotonic()
    with rebuild_lock():
        since_seq = outbox.current_seq()
        total = ProductDocument().get_queryset().count()
        name = indices.create_concrete_index(bulk_loading=True)
        done = 0
        try:
            chunks = _chunks(_actions(name, since_seq), chunk_size)
            for sent in _send_in_background(indices.client(), chunks):
                done += sent
                if progress:
                    progress(done, total)
            indices.finish_bulk_loading(name)
            removed = indices.point_alias_to(name)  # moves the index generation on (search/index_generation.py)
        except BaseException:
            indices.delete_indices([name])
            raise
        indices.delete_indices(removed)
        replayed = outbox.record_changes_since(since_seq)
    return RebuildResult(name, done, time.monotonic() - started, removed, len(replayed))
