"""Products the index may still hold though shoppers must no longer see them.

An unpublish or a delete reaches Elasticsearch through the outbox a moment
later (longer while a sync retries), and an applied change becomes visible to
searches only at the index's next refresh (1 s). Results are checked against
PostgreSQL page by page (selectors/published.py); these ids are also left out
of the query itself, so its count and facet buckets agree with the results.
"""
from functools import cache

from django.db import connection

from products.models import Product
from search.models import PendingIndexChange

SETTLE_SECONDS = 2  # the index's refresh interval, and a margin
MAX_IDS = 1000  # a mass unpublish beyond it: results stay right, counts lag until the sync lands


@cache
def _statement() -> str:
    """Written out once (every search asks; the ORM spent ~0.6 ms of CPU building it each time).
    Published means what products.selectors.published_products() says: is_published."""
    changes, products = PendingIndexChange._meta, Product._meta
    return (
        f"SELECT c.{changes.pk.column} FROM {changes.db_table} c "
        f"WHERE (c.processed_at IS NULL OR c.processed_at > clock_timestamp() - make_interval(secs => %s)) "
        f"AND NOT EXISTS (SELECT 1 FROM {products.db_table} p "
        f"WHERE p.{products.pk.column} = c.{changes.pk.column} AND p.is_published) LIMIT %s"
    )


def unlisted_in_flight_ids() -> list[int]:
    """Unpublished or deleted products whose index change is not applied yet, or was applied
    less than SETTLE_SECONDS ago. Normally none: one scan of the processed_at index."""
    with connection.cursor() as cursor:
        cursor.execute(_statement(), [SETTLE_SECONDS, MAX_IDS])
        return [row[0] for row in cursor.fetchall()]
