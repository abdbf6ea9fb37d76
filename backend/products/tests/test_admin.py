"""Django admin for staff: lists, search and filters (its bulk actions: search/tests/test_admin_actions.py)."""
import pytest

from products.tests.factories import make_category, make_product

pytestmark = pytest.mark.django_db


def test_changelist_searches_by_title_and_sku_and_filters(staff_client):
    shoes = make_category({"cs": "Boty"})
    boot = make_product({"cs": "Kožená kozačka"}, sku="BOOT-1", category=shoes, stock=0)
    make_product({"cs": "Hrnek"}, sku="MUG-1")
    url = "/admin/products/product/"
    assert boot.sku in staff_client.get(url, {"q": "kozačka"}).content.decode()
    assert "MUG-1" not in staff_client.get(url, {"q": "BOOT"}).content.decode()
    out_of_stock = staff_client.get(url, {"in_stock": "no", "category__id__exact": shoes.id}).content.decode()
    assert "BOOT-1" in out_of_stock and "MUG-1" not in out_of_stock


def test_change_form_shows_translation_and_attribute_inlines(staff_client):
    product = make_product({"cs": "Lampa"})
    page = staff_client.get(f"/admin/products/product/{product.id}/change/").content.decode()
    assert "translations-TOTAL_FORMS" in page and "product_attributes-TOTAL_FORMS" in page
