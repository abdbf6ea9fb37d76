"""Applying recorded changes to Elasticsearch, with retries and backoff.

A batch is claimed with a short lease (so a crashed worker's batch is picked
up again), the products' current state is read from PostgreSQL, and one bulk
request indexes or deletes their documents with `seq` as external version.
Rows are marked done only if no newer change arrived meanwhile; failures are
kept, with the error, for a retry after an exponential backoff. Nothing is
ever dropped.
"""
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from elasticsearch import helpers

from search.documents import ProductDocument

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
MAX_BACKOFF_SECONDS = 300

_CLAIM = """
    UPDATE search_pendingindexchange SET claimed_until = now() + make_interval(secs => %s)
    WHERE product_id IN (
        SELECT product_id FROM search_pendingindexchange
        WHERE processed_at IS NULL AND next_attempt_at <= now()
          AND (claimed_until IS NULL OR claimed_until < now())
          {only}
        ORDER BY seq LIMIT %s FOR UPDATE SKIP LOCKED)
    RETURNING product_id, seq, attempts
"""
_MARK_DONE = """
    UPDATE search_pendingindexchange AS change
    SET processed_at = now(), claimed_until = NULL, last_error = ''
    FROM unnest(%s::bigint[], %s::bigint[]) AS done(product_id, seq)
    WHERE change.product_id = done.product_id AND change.seq = done.seq
"""
_MARK_FAILED = """
    UPDATE search_pendingindexchange AS change
    SET attempts = change.attempts + 1, claimed_until = NULL, last_error = %s,
        next_attempt_at = now() + make_interval(secs => least(%s, power(2, change.attempts)::int))
    FROM unnest(%s::bigint[], %s::bigint[]) AS failed(product_id, seq)
    WHERE change.product_id = failed.product_id AND change.seq = failed.seq
"""


@dataclass
class SyncResult:
    indexed: int = 0
    deleted: int = 0
    failed: int = 0
    batches: int = 0

    def add(self, other):
        self.indexed += other.indexed
        self.deleted += other.deleted
        self.failed += other.failed
        self.batches += other.batches


def _claim(batch_size, product_ids):
    lease = settings.SEARCH_SYNC_LEASE_SECONDS
    only, params = "", [lease]
    if product_ids is not None:
        only, params = "AND product_id = ANY(%s)", [lease, list(product_ids)]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_CLAIM.format(only=only), [*params, batch_size])
        return {product_id: seq for product_id, seq, _attempts in cursor.fetchall()}


def _actions(document, claimed, index):
    published = document.get_queryset().filter(id__in=list(claimed))
    found = set()
    for product in published:
        found.add(product.id)
        yield {
            "_op_type": "index", "_index": index, "_id": product.id,
            "_source": document.prepare(product),
            "version": claimed[product.id], "version_type": "external_gte", "require_alias": True,
        }
    for product_id in claimed.keys() - found:
        yield {
            "_op_type": "delete", "_index": index, "_id": product_id,
            "version": claimed[product_id], "version_type": "external_gte",
        }


_RELEASE = "UPDATE search_pendingindexchange SET claimed_until = NULL WHERE product_id = ANY(%s)"


def _settle(claimed, done, failures):
    """Marks applied rows done, failed ones for retry, and releases the whole batch.

    A row whose seq moved on while the batch was in flight matches neither
    update: it stays pending, unclaimed, for the next pass.
    """
    with connection.cursor() as cursor:
        cursor.execute(_RELEASE, [list(claimed)])
        if done:
            cursor.execute(_MARK_DONE, [done, [claimed[pk] for pk in done]])
        for error, product_ids in failures.items():
            seqs = [claimed[pk] for pk in product_ids]
            cursor.execute(_MARK_FAILED, [error[:2000], MAX_BACKOFF_SECONDS, product_ids, seqs])


def _apply_batch(claimed, index):
    document = ProductDocument()
    document.reload_lookups()
    actions = list(_actions(document, claimed, index))
    result = SyncResult(batches=1)
    done, failures = [], {}
    try:
        responses = helpers.streaming_bulk(
            document._get_connection(), actions, raise_on_error=False, raise_on_exception=True,
            max_retries=0, chunk_size=BATCH_SIZE,
        )
        for ok, item in responses:
            op, outcome = next(iter(item.items()))
            product_id = int(outcome["_id"])
            status = outcome.get("status", 0)
            # 409: a newer version is already there; 404 on delete: already gone.
            if ok or status == 409 or (op == "delete" and status == 404):
                done.append(product_id)
                result.deleted += op == "delete"
                result.indexed += op == "index"
            else:
                failures.setdefault(str(outcome.get("error", status)), []).append(product_id)
    except Exception as error:  # ES unreachable or timing out: retry the whole batch later
        logger.warning("search sync: batch of %d failed: %s", len(claimed), error)
        failures = {f"{type(error).__name__}: {error}": list(claimed)}
        done = []
    _settle(claimed, done, failures)
    result.failed = sum(len(ids) for ids in failures.values())
    return result


def apply_pending_changes(*, product_ids: Iterable[int] | None = None, max_batches: int | None = None,
                          batch_size: int = BATCH_SIZE) -> SyncResult:
    """Applies due changes (all, or only `product_ids`) until none is left or a batch fails."""
    index = ProductDocument._index._name
    total = SyncResult()
    while max_batches is None or total.batches < max_batches:
        claimed = _claim(batch_size, product_ids)
        if not claimed:
            break
        result = _apply_batch(claimed, index)
        total.add(result)
        if result.failed:
            break
    return total
