"""Public selectors can never hand out an unpublished product."""
from decimal import Decimal

import pytest
from django.http import Http404

from products.models import Product
from products.selectors import (
    public_product_get,
    public_product_list,
    published_only,
    published_product_previews,
    staff_product_get,
    staff_product_list,
)
from products.tests.factories import make_product

pytestmark = pytest.mark.django_db


def test_public_selectors_leave_unpublished_products_out_and_staff_ones_do_not():
    shown, hidden = make_product(published=True), make_product(published=False)
    assert list(public_product_list()) == [shown]
    assert public_product_get(shown.id) == shown
    with pytest.raises(Http404):
        public_product_get(hidden.id)
    assert set(staff_product_list()) == {shown, hidden}
    assert staff_product_get(hidden.id) == hidden


def test_published_only_restricts_a_selector_that_forgot_to():
    shown, hidden = make_product(published=True), make_product(published=False)

    @published_only
    def careless_list():
        return Product.objects.all()

    @published_only
    def careless_get(product_id):
        return Product.objects.get(pk=product_id)

    assert list(careless_list()) == [shown]
    assert careless_get(shown.id) == shown
    with pytest.raises(Http404):
        careless_get(hidden.id)


@pytest.mark.postgres
def test_preview_rows_are_the_published_products_in_order_with_what_a_preview_shows():
    first = make_product({"cs": "Bota", "en": "Boot"}, price=Decimal("12.50"), stock=0)
    second = make_product({"cs": "Stůl"}, price=Decimal("99.00"), stock=3)
    hidden = make_product({"cs": "Skrytá"}, published=False)
    rows = published_product_previews([second.id, hidden.id, first.id], language="en")
    assert rows == [{"id": second.id, "price": Decimal("99.00"), "stock": 3, "title": "Stůl"},
                    {"id": first.id, "price": Decimal("12.50"), "stock": 0, "title": "Boot"}]
    assert published_product_previews([]) == []
