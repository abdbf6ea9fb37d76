"""Products the index may still hold though shoppers must no longer see them.

An unpublish or a delete reaches Elasticsearch through the outbox a moment
later (longer while a sync retries), and an applied change becomes visible to
searches only at the index's next refresh (1 s). Results are checked against
PostgreSQL page by page (selectors/published.py); these ids are also left out
of the query itself, so its count and facet buckets agree with the results.
"""
from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from products.selectors import published_products
from search.models import PendingIndexChange

SETTLE_SECONDS = 2  # the index's refresh interval, and a margin
MAX_IDS = 1000  # a mass unpublish beyond it: results stay right, counts lag until the sync lands


def unlisted_in_flight_ids() -> list[int]:
    """Unpublished or deleted products whose index change is not applied yet, or was applied
    less than SETTLE_SECONDS ago. Normally none: one scan of the processed_at index."""
    settled = timezone.now() - timedelta(seconds=SETTLE_SECONDS)
    changes = PendingIndexChange.objects.filter(Q(processed_at__isnull=True) | Q(processed_at__gt=settled))
    listed = published_products().filter(id=OuterRef("product_id"))
    return list(changes.filter(~Exists(listed)).order_by().values_list("product_id", flat=True)[:MAX_IDS])
