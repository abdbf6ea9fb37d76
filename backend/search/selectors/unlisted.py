"""Products the index may still hold though shoppers must no longer see them.

An unpublish or a delete reaches Elasticsearch through the outbox a moment
later (longer while a sync retries), and an applied change becomes visible to
searches only at the index's next refresh (1 s). Results are checked against
PostgreSQL page by page (selectors/published.py); these ids are also left out
of the query itself, so its count and facet buckets agree with the results.
"""
from datetime import timedelta
from functools import cache

from django.db import connection
from django.utils import timezone

from products.models import Product
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
