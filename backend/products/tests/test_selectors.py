"""Public selectors can never hand out an unpublished product."""
import pytest
from django.http import Http404

from products.models import Product
from products.selectors import (
    public_product_get,
    public_product_list,
    published_only,
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
