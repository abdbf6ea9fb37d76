"""Django admin for staff: lists, search, filters and the bulk actions, end to end."""
import pytest
from django.contrib.auth import get_user_model

from products.models import Product
from products.tests.factories import make_category, make_product
from search.tests.helpers import indexed_document

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)
    return client


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


def test_unpublish_and_publish_actions_reach_the_index(staff_client):
    lamp, chair = make_product({"cs": "Lampa"}), make_product({"cs": "Židle"})
    url = "/admin/products/product/"
    staff_client.post(url, {"action": "unpublish", "_selected_action": [lamp.id, chair.id]})
    assert not Product.objects.filter(is_published=True).exists()
    assert indexed_document(lamp.id) is None and indexed_document(chair.id) is None
    staff_client.post(url, {"action": "publish", "_selected_action": [lamp.id]})
    assert indexed_document(lamp.id)["title"]["cs"] == "Lampa"
    assert indexed_document(chair.id) is None


def test_reindex_action_restores_a_document_missing_from_the_index(staff_client):
    lamp = make_product({"cs": "Lampa"})
    from search.services.indices import alias, client

    client().delete(index=alias(), id=lamp.id, refresh=True)
    staff_client.post("/admin/products/product/", {"action": "reindex", "_selected_action": [lamp.id]})
    assert indexed_document(lamp.id)["title"]["cs"] == "Lampa"
