"""Catalog writes. Each runs in one transaction with its search-sync record.

Bulk queryset updates do not send model signals, so these services record
the affected products for the search index themselves.
"""
from django.db import transaction

from products.models import Product
from search.services.outbox import record_product_changes


@transaction.atomic
def set_products_published(product_ids, published):
    """Publishes or unpublishes products; returns how many changed."""
    to_change = Product.objects.filter(id__in=product_ids).exclude(is_published=published)
    changed = list(to_change.values_list("id", flat=True))
    Product.objects.filter(id__in=changed).update(is_published=published)
    record_product_changes(changed)
    return len(changed)


@transaction.atomic
def reindex_products(product_ids):
    """Queues the products' documents to be rebuilt from PostgreSQL."""
    return len(record_product_changes(product_ids))
