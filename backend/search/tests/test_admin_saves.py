"""An admin edit reaches the search index exactly as the same edit through the services does."""
from decimal import Decimal

import pytest

from products import services
from products.models import Product
from products.tests.admin_forms import product_form
from products.tests.factories import make_attribute_value, make_category
from search.tests.helpers import indexed_document

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]
OWN = {"id", "sku", "sku_compact", "created_at"}  # what differs between two products of the same data


def _comparable(document):
    return {field: value for field, value in document.items() if field not in OWN}


def test_an_admin_save_is_indexed_like_a_service_save(staff_client):
    shoes = make_category({"cs": "Boty", "en": "Shoes"})
    red = make_attribute_value("colour", "red", {"cs": "červená", "en": "red"})
    by_service = services.create_product(
        sku="SVC-1", price=Decimal("990.50"), stock=3, is_published=True, category_id=shoes.id,
        attribute_value_ids=[red.id], translations=[{"language": "cs", "title": "Kožená bota"},
                                                    {"language": "en", "title": "Leather shoe"}],
    )
    response = staff_client.post("/admin/products/product/add/", product_form(
        sku="ADM-1", price="990.50", stock=3, category=shoes, attribute_values=[red],
        titles={"cs": "Kožená bota", "en": "Leather shoe"},
    ))
    assert response.status_code == 302
    by_admin = Product.objects.get(sku="ADM-1")
    assert _comparable(indexed_document(by_admin.id)) == _comparable(indexed_document(by_service.id))


def test_an_admin_change_reaches_the_index(staff_client):
    staff_client.post("/admin/products/product/add/", product_form(sku="ADM-1", price="10", titles={"cs": "Bota"}))
    product = Product.objects.get(sku="ADM-1")
    translation = product.translations.get()
    response = staff_client.post(f"/admin/products/product/{product.id}/change/", product_form(
        sku="ADM-1", price="12.50", stock=0, titles={"cs": "Kozačka"}, translation_ids={"cs": translation.id},
    ))
    assert response.status_code == 302
    document = indexed_document(product.id)
    assert (document["title"]["cs"], document["price"], document["in_stock"]) == ("Kozačka", 12.5, False)
    staff_client.post(f"/admin/products/product/{product.id}/delete/", {"post": "yes"})
    assert indexed_document(product.id) is None
