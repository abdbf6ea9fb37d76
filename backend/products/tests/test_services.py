"""Staff writes: validation with clear messages, translations and attributes replaced as a whole."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from products import services
from products.models import Product, ProductTranslation
from products.tests.factories import make_attribute_value, make_category, make_product

pytestmark = pytest.mark.django_db


def _translations(**titles):
    return [{"language": language, "title": title} for language, title in titles.items()]


def test_create_product_saves_translations_category_and_attributes():
    category = make_category({"cs": "Boty"})
    red = make_attribute_value("colour", "red", {"cs": "červená"})
    product = services.create_product(
        sku=" SHOE-1 ", price=Decimal("990.50"), stock=3, is_published=True, category_id=category.id,
        attribute_value_ids=[red.id, red.id],
        translations=[{"language": "cs", "title": "Bota", "description": "Kožená"},
                      {"language": "en", "title": "Shoe"}],
    )
    product = Product.objects.get(pk=product.pk)
    assert (product.sku, product.price, product.stock) == ("SHOE-1", Decimal("990.50"), 3)
    assert product.category == category
    assert product.title("en") == "Shoe" and product.description("cs") == "Kožená"
    assert list(product.attribute_values.all()) == [red]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"translations": _translations(de="Schuh")}, "translations",
         "Unknown language(s) de; use one of cs, sk, en."),
        ({"translations": []}, "translations", "At least one translation is required."),
        ({"translations": _translations(cs="A") * 2}, "translations", "Each language may appear only once."),
        ({"translations": _translations(cs="  ")}, "translations", "Every translation needs a title."),
        # The model's rule, as the admin's form and the staff API's serializer word it.
        ({"price": Decimal("-1")}, "price", "Ensure this value is greater than or equal to 0."),
        ({"stock": -1}, "stock", "Ensure this value is greater than or equal to 0."),
        ({"sku": " "}, "sku", "This field cannot be blank."),
        ({"sku": "TAKEN"}, "sku", "A product with SKU 'TAKEN' already exists."),
        ({"category_id": 987654}, "category", "Unknown category id 987654."),
        ({"attribute_value_ids": [987654, 987653]}, "attribute_values",
         "Unknown attribute value id(s): 987653, 987654."),
    ],
)
def test_create_product_rejects_invalid_input_with_a_message(changes, field, message):
    make_product({"cs": "Obsazeno"}, sku="TAKEN")
    data = {"sku": "NEW-1", "price": Decimal("10"), "translations": _translations(cs="Nový"), **changes}
    with pytest.raises(ValidationError) as raised:
        services.create_product(**data)
    assert raised.value.message_dict == {field: [message]}
    assert not Product.objects.filter(sku="NEW-1").exists()


def test_update_product_changes_only_what_is_given_and_replaces_lists():
    old, new = make_attribute_value("size", "s", {"cs": "S"}), make_attribute_value("size", "m", {"cs": "M"})
    product = make_product({"cs": "Tričko", "en": "T-shirt"}, stock=2, attribute_values=[old])
    services.update_product(product, price=Decimal("199"))
    product.refresh_from_db()
    assert (product.price, product.stock, product.title("en")) == (Decimal("199"), 2, "T-shirt")
    services.update_product(product, translations=_translations(cs="Triko", sk="Tričko"),
                            attribute_value_ids=[new.id])
    assert sorted(ProductTranslation.objects.filter(product=product).values_list("language", "title")) == [
        ("cs", "Triko"), ("sk", "Tričko"),
    ]
    assert list(product.attribute_values.all()) == [new]


def test_update_product_keeps_its_own_sku_and_refuses_another():
    make_product(sku="OTHER")
    product = make_product(sku="MINE")
    services.update_product(product, sku="MINE", stock=0)
    with pytest.raises(ValidationError) as raised:
        services.update_product(product, sku="OTHER")
    assert raised.value.message_dict == {"sku": ["A product with SKU 'OTHER' already exists."]}
    assert Product.objects.get(pk=product.pk).sku == "MINE"


def test_delete_product_removes_it_with_its_translations():
    product = make_product({"cs": "Pryč"})
    services.delete_product(product)
    assert not Product.objects.filter(pk=product.pk).exists()
    assert not ProductTranslation.objects.filter(product_id=product.pk).exists()
