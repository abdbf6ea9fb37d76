"""Django admin for staff: lists, search and filters (its bulk actions: search/tests/test_admin_actions.py)."""
from decimal import Decimal

import pytest

from products.models import Category, Product
from products.tests.admin_forms import product_form
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


# --- The admin under the services' rules (products/models.py) ---------------------

ADD = "/admin/products/product/add/"


def test_the_admin_cannot_save_a_product_without_a_translation(staff_client):
    response = staff_client.post(ADD, product_form(sku="NEW-1", price="10.00", titles={}))
    assert response.status_code == 200
    [formset, _attributes] = response.context["inline_admin_formsets"]
    assert formset.formset.non_form_errors() == ["At least one translation is required."]
    assert not Product.objects.filter(sku="NEW-1").exists()


def test_the_admin_cannot_save_a_negative_price_or_stock(staff_client):
    response = staff_client.post(ADD, product_form(sku="NEW-1", price="-1.00", stock=-1, titles={"cs": "Bota"}))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "price": ["Ensure this value is greater than or equal to 0."],
        "stock": ["Ensure this value is greater than or equal to 0."],
    }
    assert not Product.objects.filter(sku="NEW-1").exists()


def test_the_admin_refuses_what_the_services_refuse_in_translations(staff_client):
    """Only shop languages are offered, a language once, every translation with a title."""
    cases = [
        ({"de": "Schuh"}, "language", "Select a valid choice. de is not one of the available choices."),
        ({"cs": "  "}, "title", "This field is required."),
    ]
    for titles, field, message in cases:
        response = staff_client.post(ADD, product_form(sku="NEW-1", price="10.00", titles=titles))
        [formset, _attributes] = response.context["inline_admin_formsets"]
        assert formset.formset.errors[0] == {field: [message]}
    twice = product_form(sku="NEW-1", price="10.00", titles={"cs": "Bota", "sk": "Topánka"})
    twice["translations-1-language"] = "cs"
    [formset, _attributes] = staff_client.post(ADD, twice).context["inline_admin_formsets"]
    assert "Please correct the duplicate data for language" in " ".join(formset.formset.non_form_errors())
    assert not Product.objects.filter(sku="NEW-1").exists()


def test_every_translation_inline_requires_a_translation(staff_client):
    form = {"slug": "boty", "sort_order": "0", "translations-TOTAL_FORMS": "0", "translations-INITIAL_FORMS": "0",
            "translations-MIN_NUM_FORMS": "0", "translations-MAX_NUM_FORMS": "1000"}
    response = staff_client.post("/admin/products/category/add/", form)
    [formset] = response.context["inline_admin_formsets"]
    assert formset.formset.non_form_errors() == ["At least one translation is required."]
    form.update({"translations-TOTAL_FORMS": "1", "translations-0-language": "cs", "translations-0-name": "Boty"})
    assert staff_client.post("/admin/products/category/add/", form).status_code == 302
    assert Category.objects.get(slug="boty").name("cs") == "Boty"


def test_the_admin_saves_a_valid_product_with_its_translations(staff_client):
    response = staff_client.post(ADD, product_form(sku="NEW-1", price="10.00", titles={"cs": "Bota", "en": "Shoe"}))
    assert response.status_code == 302
    product = Product.objects.get(sku="NEW-1")
    assert (product.title("cs"), product.title("en"), product.price) == ("Bota", "Shoe", Decimal("10.00"))
