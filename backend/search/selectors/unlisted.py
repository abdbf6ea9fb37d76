"""Products the index may still hold though shoppers must no longer see them.

An unpublish or a delete reaches Elasticsearch through the outbox a moment
later (longer while a sync retries), and an applied change becomes visible to
searches only at the index's next refresh (1 s). Results are checked against
PostgreSQL page by page (selectors/published.py); these ids are also left out
of the query itself, so its count and facet buckets agree with the results.

A search of the API does not ask for them before it asks Elasticsearch: it leaves
out those its process's last search found, and reads the current ones in the
statement that reads the page's rows (`rows_and_unlisted`), one round trip
instead of two. When they differ (a product unpublished, or published again, in
between) it searches again with the current ones (search/apis/base.py), so the
answer is the one reading them first would have given. The price: each process's
first search after an unlisting, and after it settles, asks Elasticsearch twice;
a long run of unpublishes (an import) makes most searches do so while it lasts.
"""
from datetime import timedelta
from functools import cache

from django.db import connection
from django.utils import timezone

from products.models import Product
from products.selectors import RESULT_ROWS_SQL, result_rows_params, rows_in_order
from search.models import PendingIndexChange

SETTLE_SECONDS = 2  # the index's refresh interval, and a margin
MAX_IDS = 1000  # a mass unpublish beyond it: results stay right, counts lag until the sync lands


@cache
def _statement() -> str:
    """Written out once (every search asks; the ORM spent ~0.6 ms of CPU building it each time).
    Only the newest MAX_IDS unapplied changes and the MAX_IDS last applied ones are looked at,
    each read from its own index: a backlog of 30 000 changes (a bulk import, a reindex) made a
    whole scan cost every search 10 ms of PostgreSQL. Published means what
    products.selectors.published_products() says: is_published."""
    changes, products = PendingIndexChange._meta, Product._meta
    key = changes.pk.column
    return (
        f"SELECT c.{key} FROM ("
        f"(SELECT {key} FROM {changes.db_table} WHERE processed_at IS NULL ORDER BY seq DESC LIMIT %(most)s) "
        f"UNION ALL (SELECT {key} FROM {changes.db_table} WHERE processed_at > %(since)s LIMIT %(most)s)) c "
        # LATERAL ... LIMIT 1: one primary-key probe per change, never a hash of the whole catalog
        f"LEFT JOIN LATERAL (SELECT 1 AS listed FROM {products.db_table} p "
        f"WHERE p.{products.pk.column} = c.{key} AND p.is_published LIMIT 1) l ON true "
        f"WHERE l.listed IS NULL LIMIT %(most)s"
    )


def unlisted_in_flight_ids() -> list[int]:
    """Unpublished or deleted products whose index change is not applied yet, or was applied
    less than SETTLE_SECONDS ago. Normally none: two short index scans."""
    with connection.cursor() as cursor:
        since = timezone.now() - timedelta(seconds=SETTLE_SECONDS)
        cursor.execute(_statement(), {"since": since, "most": MAX_IDS})
        return [row[0] for row in cursor.fetchall()]


# What this process's last search found unlisted in flight: what the next one leaves out.
_last_seen: dict[str, tuple[int, ...]] = {"ids": ()}


def expected_unlisted() -> tuple[int, ...]:
    return _last_seen["ids"]


def forget_unlisted() -> None:
    """Tests: the next search expects none."""
    _last_seen["ids"] = ()


@cache
def _with_rows_statement() -> str:
    """The unlisted ids as an array on every row of the page (one row of NULLs when the page is empty)."""
    return (f"SELECT ARRAY({_statement()}) AS unlisted, r.* FROM (SELECT 1) one "
            f"LEFT JOIN LATERAL ({RESULT_ROWS_SQL}) r ON true")


def rows_and_unlisted(product_ids, language: str | None) -> tuple[list[dict], tuple[int, ...]]:
    """The page's rows (products.selectors.published_product_rows) and the current
    unlisted_in_flight_ids, in one statement; remembered for this process's next search."""
    params = {**result_rows_params(product_ids, language),
              "since": timezone.now() - timedelta(seconds=SETTLE_SECONDS), "most": MAX_IDS}
    with connection.cursor() as cursor:
        cursor.execute(_with_rows_statement(), params)
        columns = [column.name for column in cursor.description][1:]
        fetched = cursor.fetchall()
    unlisted = tuple(sorted(fetched[0][0]))
    _last_seen["ids"] = unlisted
    return rows_in_order(product_ids, columns, [row[1:] for row in fetched if row[1] is not None]), unlisted
