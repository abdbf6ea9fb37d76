"""Recording catalog changes for the index, inside the caller's transaction.

Every function writes PendingIndexChange rows with one SQL statement however
many products are affected (renaming a category with 5 000 products is one
INSERT ... SELECT of what search.documents.products_fed_by names), then asks for the changes to be applied once the
transaction commits. A rolled-back transaction takes its rows with it and
triggers nothing. A new change un-parks a parked one: the edit may be the fix.
"""
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from products.models import Product
from search.index_generation import bump_generation
from search.indexing.jobs import request_sync
from search.models import CHANGE_SEQUENCE, PendingIndexChange

_TABLE = PendingIndexChange._meta.db_table
_PRODUCTS, _PRODUCT_KEY = Product._meta.db_table, Product._meta.pk.column
_UPSERT = f"""
    INSERT INTO {_TABLE}
        (product_id, seq, changed_at, processed_at, attempts, next_attempt_at, claimed_until, last_error,
         rejections, parked_at)
    SELECT ids.id, nextval('{CHANGE_SEQUENCE}'), now(), NULL, 0, now(), NULL, '', 0, NULL
    FROM ({{ids_sql}}) AS ids(id)
    ORDER BY ids.id
    ON CONFLICT (product_id) DO UPDATE SET
        seq = EXCLUDED.seq, changed_at = EXCLUDED.changed_at, processed_at = NULL,
        attempts = 0, next_attempt_at = EXCLUDED.next_attempt_at, last_error = '',
        rejections = 0, parked_at = NULL
    RETURNING product_id,
        NOT EXISTS (SELECT 1 FROM {_PRODUCTS} p WHERE p.{_PRODUCT_KEY} = product_id AND p.is_published)
"""


def _record(ids_sql, params):
    """Records the changes; one that unlists a product (unpublished or deleted) also moves the
    index generation on at commit: cached answers (search/selectors/answer_cache.py) were read
    while it was listed, and a cache hit does not ask which products are in flight."""
    if not settings.ELASTIC_SYNC:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT.format(ids_sql=ids_sql), params)
        rows = cursor.fetchall()
    product_ids = [product_id for product_id, _unlisted in rows]
    if product_ids:
        transaction.on_commit(lambda: request_sync(product_ids=product_ids), robust=True)
    if any(unlisted for _product_id, unlisted in rows):
        transaction.on_commit(lambda: bump_generation("a product unlisted"), robust=True)
    return product_ids


def record_product_changes(product_ids: Iterable[int]) -> list[int]:
    """Products whose document must be rebuilt (or removed) from current data."""
    product_ids = sorted({int(pk) for pk in product_ids})
    if not product_ids:
        return []
    return _record("SELECT unnest(%s::bigint[])", [product_ids])


def _record_query(queryset: QuerySet, id_field: str) -> list[int]:
    """The distinct `id_field` values of `queryset`, selected inside the INSERT (never loaded)."""
    ids_sql, params = queryset.order_by().values(id_field).distinct().query.sql_with_params()
    return _record(ids_sql, params)


def record_products(products: QuerySet) -> list[int]:
    """Every product of the queryset `products` (search.documents.products_fed_by), in one statement."""
    return _record_query(products, "pk")


def record_changes_since(seq: int) -> list[int]:
    """Re-record products changed after `seq` (used after an index rebuild)."""
    return _record_query(PendingIndexChange.objects.filter(seq__gt=seq), "product_id")


def current_seq() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_value, is_called FROM {CHANGE_SEQUENCE}")
        last_value, is_called = cursor.fetchone()
    return last_value if is_called else 0


def retry_changes(*, product_ids: Iterable[int] | None = None) -> int:
    """Makes pending changes due now and un-parks them (all parked ones when no ids are
    given); asks for a sync once the transaction commits. Returns how many."""
    changes = PendingIndexChange.objects.filter(processed_at__isnull=True)
    changes = changes.filter(product_id__in=list(product_ids)) if product_ids is not None else changes.filter(
        parked_at__isnull=False
    )
    retried = list(changes.values_list("product_id", flat=True))
    changes.update(parked_at=None, rejections=0, next_attempt_at=timezone.now(), claimed_until=None)
    if retried:
        transaction.on_commit(lambda: request_sync(product_ids=retried), robust=True)
    return len(retried)
