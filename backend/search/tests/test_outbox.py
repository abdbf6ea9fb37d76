"""Nothing is lost when Elasticsearch is unreachable; bulk changes stay bulk."""
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from elasticsearch import ConflictError

from products.models import CategoryTranslation, Product, ProductTranslation
from products.tests.factories import make_category, make_product
from search.models import PendingIndexChange
from search.indexing import indices
from search.indexing.rebuild import rebuild_product_index
from search.indexing.sync import BATCH_SIZE, _apply_batch, _claim, apply_pending_changes
from search.tests.helpers import (
    catalog_titles,
    elasticsearch_unreachable,
    indexed_document,
    indexed_titles,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]


def test_two_hundred_saves_while_elasticsearch_is_down_are_applied_after(closed_port):
    products = [make_product({"cs": f"Výrobek {n}"}) for n in range(50)]
    with elasticsearch_unreachable(closed_port):
        for round_ in range(4):
            for product in products:
                with transaction.atomic():
                    translation = ProductTranslation.objects.get(product=product, language="cs")
                    translation.title = f"Výrobek {product.id} verze {round_}"
                    translation.save()
                    product.is_published = not (round_ == 3 and product.id % 5 == 0)
                    product.save()
        backlog = PendingIndexChange.objects.filter(processed_at__isnull=True)
        # 200 saves merge into one pending row per product.
        assert backlog.count() == 50
        assert all(change.attempts >= 1 and change.last_error for change in backlog)
    call_command("search_sync", "--drain")
    assert not PendingIndexChange.objects.filter(processed_at__isnull=True).exists()
    assert indexed_titles() == catalog_titles()
    assert len(catalog_titles()) == 40


def test_renaming_a_category_reindexes_its_5000_products_in_bulk(es_client):
    category = make_category({"cs": "Obuv", "en": "Footwear"})
    products = Product.objects.bulk_create(
        Product(sku=f"BULK-{n}", price=Decimal("10"), is_published=True, category=category)
        for n in range(5000)
    )
    ProductTranslation.objects.bulk_create(
        ProductTranslation(product=product, language="cs", title=f"Bota {product.sku}")
        for product in products
    )
    rebuild_product_index()
    before = es_client.indices.stats(index=indices.alias(), metric="bulk")["_all"]["primaries"]["bulk"]

    translation = CategoryTranslation.objects.get(category=category, language="en")
    translation.name = "Shoes"
    translation.save()

    after = es_client.indices.stats(index=indices.alias(), metric="bulk")["_all"]["primaries"]["bulk"]
    # 5000 documents in batches of 500: ten bulk requests, not 5000 single ones.
    assert after["total_operations"] - before["total_operations"] == 10
    es_client.indices.refresh(index=indices.alias())
    renamed = es_client.count(index=indices.alias(), query={"match_phrase": {"category_name.en": "Shoes"}})
    assert renamed["count"] == 5000


def test_the_newer_of_two_quick_updates_wins(es_client):
    product = make_product({"cs": "První"})
    first = PendingIndexChange.objects.get(product_id=product.id).seq
    translation = ProductTranslation.objects.get(product=product, language="cs")
    translation.title = "Druhý"
    translation.save()
    second = PendingIndexChange.objects.get(product_id=product.id).seq
    assert second > first
    assert indexed_document(product.id)["title"]["cs"] == "Druhý"
    # A worker that read the first state and writes late is rejected by the version.
    with pytest.raises(ConflictError):
        es_client.index(
            index=indices.alias(), id=product.id, document={"title": {"cs": "První"}},
            version=first, version_type="external_gte",
        )
    assert indexed_document(product.id)["title"]["cs"] == "Druhý"


def test_a_change_recorded_while_its_batch_is_in_flight_stays_pending():
    product = make_product({"cs": "Stav A"})
    PendingIndexChange.objects.filter(product_id=product.id).update(processed_at=None)
    claimed = _claim(BATCH_SIZE, None)  # a worker takes the batch...
    assert list(claimed) == [product.id]
    translation = ProductTranslation.objects.get(product=product, language="cs")
    translation.title = "Stav B"  # ...staff save meanwhile (the row is leased, so nobody applies it)...
    translation.save()
    _apply_batch(claimed, indices.alias())  # ...and the worker finishes with the old seq.
    assert PendingIndexChange.objects.get(product_id=product.id).processed_at is None
    apply_pending_changes()
    assert PendingIndexChange.objects.get(product_id=product.id).processed_at is not None
    assert indexed_document(product.id)["title"]["cs"] == "Stav B"
