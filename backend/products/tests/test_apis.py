"""Public product list and detail: published only, one language with fallback, constant queries."""
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from products.tests.factories import make_attribute_value, make_category, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_detail_in_the_requested_language_with_category_path_and_attributes(api):
    clothes = make_category({"cs": "Oblečení", "en": "Clothes"})
    shoes = make_category({"cs": "Boty", "en": "Shoes"}, parent=clothes)
    red = make_attribute_value(
        "colour", "red", {"cs": "červená", "en": "red"}, type_names={"cs": "Barva", "en": "Colour"}
    )
    product = make_product({"cs": "Kozačka", "en": "Boot"}, short_descriptions={"cs": "Teplá"},
                           category=shoes, attribute_values=[red], price=Decimal("1290.5"), stock=0)
    body = api.get(f"/api/products/{product.id}/", {"lang": "en"}).json()
    assert body == {
        "id": product.id, "sku": product.sku, "title": "Boot",
        "short_description": "Teplá",  # no English one: the default language's
        "description": "", "price": "1290.50", "in_stock": False, "stock": 0,
        "category": {"id": shoes.id, "name": "Shoes",
                     "path": [{"id": clothes.id, "name": "Clothes"}, {"id": shoes.id, "name": "Shoes"}]},
        "attributes": [{"type": "Colour", "value": "red"}],
    }
    assert api.get(f"/api/products/{product.id}/").json()["title"] == "Kozačka"


def test_unpublished_and_unknown_products_are_json_404s(api):
    hidden = make_product(published=False)
    for product_id in (hidden.id, 987654):
        response = api.get(f"/api/products/{product_id}/")
        assert response.status_code == 404
        assert response.json() == {"detail": "No Product matches the given query."}


def test_an_unknown_language_is_a_400_naming_it(api):
    product = make_product()
    for url in ("/api/products/", f"/api/products/{product.id}/"):
        response = api.get(url, {"lang": "de"})
        assert response.status_code == 400
        assert response.json() == {"lang": ["Unknown language 'de'; use one of cs, sk, en."]}


def test_list_pages_through_published_products_only(api):
    products = [make_product({"cs": f"Výrobek {n}"}) for n in range(5)]
    make_product({"cs": "Skrytý"}, published=False)
    first = api.get("/api/products/", {"limit": 2}).json()
    assert first["count"] == 5 and first["previous"] is None
    assert [item["id"] for item in first["results"]] == [p.id for p in reversed(products)][:2]
    last = api.get(first["next"].replace("offset=2", "offset=4")).json()
    assert [item["id"] for item in last["results"]] == [products[0].id]
    assert last["next"] is None and "offset=2" in last["previous"]
    assert api.get("/api/products/", {"limit": 0}).status_code == 400


def test_list_costs_the_same_queries_for_3_or_30_products(api):
    category = make_category({"cs": "Stoly"}, parent=make_category({"cs": "Nábytek"}))
    oak = make_attribute_value("material", "oak", {"cs": "dub"})
    round_ = make_attribute_value("shape", "round", {"cs": "kulatý"})

    def queries_for_page(count):
        for n in range(count):
            make_product({"cs": f"Stůl {n}", "en": f"Table {n}"}, category=category,
                         attribute_values=[oak, round_])
        with CaptureQueriesContext(connection) as queries:
            body = api.get("/api/products/", {"limit": 100, "lang": "en"}).json()
        assert all(len(item["attributes"]) == 2 and item["category"]["path"] for item in body["results"])
        return len(queries)

    api.get("/api/products/", {"lang": "en"})  # this process reads the category tree (2 queries), then keeps it
    # count, page, translations, product attributes, their value and type translations, category
    # translations, and the request's savepoint and its release.
    assert queries_for_page(3) == queries_for_page(27) == 9
