"""Migration 0004 (unique SKUs ignoring case) on a catalog that already has products: it
applies when the SKUs are distinct in every case, and names every clash when they are not."""
import pytest
from django.db import connection

from common.tests.migrations import migrate, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("products", "0003_sku_upper_index")]
AFTER = [("products", "0004_sku_unique_ignoring_case")]


@pytest.fixture
def old_schema():
    """The products table as of 0003; the latest schema again afterwards, whatever happened."""
    try:
        yield migrate(BEFORE)
    finally:
        migrate_to_latest()


def _constraint_names():
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, "products_product"))


def test_the_migration_keeps_existing_products_and_adds_the_index(old_schema):
    Product = old_schema.get_model("products", "Product")
    Product.objects.bulk_create([Product(sku=sku, price=1, stock=0) for sku in ("TBL-000001", "tbl-000002", "Ž-1")])
    assert "product_sku_upper_unique" not in _constraint_names()
    apps = migrate(AFTER)
    assert sorted(apps.get_model("products", "Product").objects.values_list("sku", flat=True)) == [
        "TBL-000001", "tbl-000002", "Ž-1"]
    names = _constraint_names()
    assert "product_sku_upper_unique" in names and "product_sku_upper" not in names


def test_the_migration_names_every_sku_stored_in_two_cases(old_schema):
    Product = old_schema.get_model("products", "Product")
    Product.objects.bulk_create([Product(sku=sku, price=1, stock=0) for sku in ("ab-1", "AB-1", "Cd-2", "cD-2", "EF")])
    with pytest.raises(RuntimeError, match=r"differ only in letter case: AB-1, CD-2\. Rename"):
        migrate(AFTER)
    Product.objects.filter(sku__in=["ab-1", "cD-2"]).delete()
    migrate(AFTER)
    assert "product_sku_upper_unique" in _constraint_names()
