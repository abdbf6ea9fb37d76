"""Applying recorded changes to Elasticsearch, with retries and backoff.

A batch is claimed with a short lease (so a crashed worker's batch is picked
up again), the products' current state is read from PostgreSQL, and one bulk
request indexes or deletes their documents with `seq` as external version.
Rows are marked done only if no newer change arrived meanwhile; failures are
kept, with the error, for a retry after an exponential backoff. Nothing is
ever dropped. A document Elasticsearch itself rejects (a mapping conflict, a
document too large) is parked after SEARCH_SYNC_MAX_REJECTIONS tries: kept,
shown in admin, no longer retried, staff told once per kind of failure; an
outage (unreachable, timing out) never parks anything.
"""
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from elasticsearch import helpers

from search.documents import ProductDocument
from search.index_generation import bump_generation
from search.indexing.alerts import notify_new_failure_kinds
from search.models import PendingIndexChange

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
MAX_BACKOFF_SECONDS = 300

_TABLE = PendingIndexChange._meta.db_table
_CLAIM = f"""
    UPDATE {_TABLE} SET claimed_until = now() + make_interval(secs => %s)
    WHERE product_id IN (
        SELECT product_id FROM {_TABLE}
        WHERE processed_at IS NULL AND parked_at IS NULL AND next_attempt_at <= now()
          AND (claimed_until IS NULL OR claimed_until < now())
          {{only}}
        ORDER BY seq LIMIT %s FOR UPDATE SKIP LOCKED)
    RETURNING product_id, seq, attempts
"""
_MARK_DONE = f"""
    UPDATE {_TABLE} AS change
    SET processed_at = now(), claimed_until = NULL, last_error = ''
    FROM unnest(%s::bigint[], %s::bigint[]) AS done(product_id, seq)
    WHERE change.product_id = done.product_id AND change.seq = done.seq
"""
_MARK_FAILED = f"""
    UPDATE {_TABLE} AS change
    SET attempts = change.attempts + 1, claimed_until = NULL, last_error = %(error)s,
        rejections = change.rejections + %(rejected)s::int,
        parked_at = CASE WHEN %(rejected)s AND change.rejections + 1 >= %(max_rejections)s THEN now() END,
        next_attempt_at = now() + make_interval(secs => least(%(max_backoff)s, power(2, change.attempts)::int))
    FROM unnest(%(ids)s::bigint[], %(seqs)s::bigint[]) AS failed(product_id, seq)
    WHERE change.product_id = failed.product_id AND change.seq = failed.seq
    RETURNING change.product_id, change.parked_at IS NOT NULL
"""


@dataclass
class SyncResult:
    indexed: int = 0
    deleted: int = 0
    failed: int = 0  # rejected documents and batches that could not be sent
    parked: int = 0
    batches: int = 0
    outage: bool = False  # Elasticsearch could not be reached: stop for now

    def add(self, other):
        self.indexed += other.indexed
        self.deleted += other.deleted
        self.failed += other.failed
        self.parked += other.parked
        self.batches += other.batches
        self.outage = self.outage or other.outage


@dataclass(frozen=True)
class Failure:
    text: str       # what is stored and shown in admin
    kind: str       # the same failure for every document it hits (for one staff email per kind)
    rejected: bool  # Elasticsearch answered and refused the document (counts towards parking)


def _rejection(error, status):
    """A per-document error of a bulk response as a Failure."""
    if not isinstance(error, dict):
        return Failure(f"HTTP {status}: {error}", f"HTTP {status}", True)
    cause = error.get("caused_by") or {}
    text = f"{error.get('type')}: {error.get('reason')}" + (f" (caused by {cause.get('type')}: "
                                                            f"{cause.get('reason')})" if cause else "")
    reason = re.sub(r"\[\d+:\d+\]|in document with id '[^']*'|Preview of field's value: .*", "",
                    str(error.get("reason", "")))
    return Failure(text, " ".join(f"{error.get('type')}: {reason}".split())[:200], True)


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


_RELEASE = f"UPDATE {_TABLE} SET claimed_until = NULL WHERE product_id = ANY(%s)"


def _settle(claimed, done, failures):
    """Marks applied rows done, failed ones for retry (or parked), and releases the whole batch.
    Returns {kind: [product ids parked now]}.

    A row whose seq moved on while the batch was in flight matches neither
    update: it stays pending, unclaimed, for the next pass.
    """
    parked: dict[str, list[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_RELEASE, [list(claimed)])
        if done:
            cursor.execute(_MARK_DONE, [done, [claimed[pk] for pk in done]])
        for failure, product_ids in failures.items():
            cursor.execute(_MARK_FAILED, {
                "error": failure.text[:2000], "rejected": failure.rejected,
                "max_rejections": settings.SEARCH_SYNC_MAX_REJECTIONS, "max_backoff": MAX_BACKOFF_SECONDS,
                "ids": product_ids, "seqs": [claimed[pk] for pk in product_ids],
            })
            now_parked = [product_id for product_id, is_parked in cursor.fetchall() if is_parked]
            if now_parked:
                parked.setdefault(failure.kind, []).extend(now_parked)
    return parked


def _apply_batch(claimed, index, client=None):
    client = client or ProductDocument._get_connection()
    document = ProductDocument()
    document.reload_lookups()
    actions = list(_actions(document, claimed, index))
    result = SyncResult(batches=1)
    done: list[int] = []
    failures: dict = {}
    try:
        responses = helpers.streaming_bulk(
            client, actions, raise_on_error=False, raise_on_exception=True, max_retries=0, chunk_size=BATCH_SIZE,
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
                failures.setdefault(_rejection(outcome.get("error"), status), []).append(product_id)
    except Exception as error:  # ES unreachable or timing out: retry the whole batch later, park nothing
        logger.warning("search sync: batch of %d failed: %s", len(claimed), error)
        text = f"{type(error).__name__}: {error}"
        failures = {Failure(text, type(error).__name__, False): list(claimed)}
        done, result.outage = [], True
    parked = _settle(claimed, done, failures)
    if done:  # the index changed: no cached answer from before may be served again
        bump_generation("a sync batch")
    result.failed = sum(len(ids) for ids in failures.values())
    result.parked = sum(len(ids) for ids in parked.values())
    if parked:
        logger.warning("search sync: parked %d change(s) Elasticsearch keeps rejecting: %s",
                       result.parked, "; ".join(parked))
        notify_new_failure_kinds(parked)
    return result


def apply_pending_changes(*, product_ids: Iterable[int] | None = None, max_batches: int | None = None,
                          batch_size: int = BATCH_SIZE, client=None) -> SyncResult:
    """Applies due changes (all, or only `product_ids`) until none is left or Elasticsearch
    cannot be reached. `client`: the default (long timeout, retries) unless given."""
    index = ProductDocument._index._name
    total = SyncResult()
    while max_batches is None or total.batches < max_batches:
        claimed = _claim(batch_size, product_ids)
        if not claimed:
            break
        result = _apply_batch(claimed, index, client)
        total.add(result)
        if result.outage:
            break
    return total
