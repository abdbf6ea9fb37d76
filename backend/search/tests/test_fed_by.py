"""What feeds a product's document is declared once (search/documents.py) and drives the sync:
every declared model's changes reach the documents of the products they touch."""
import pytest
from django.db.models.signals import post_save, pre_delete

from products.models import AttributeType, Product
from products.tests.factories import make_attribute_value, make_category, make_product
from search.documents import FED_BY, ProductDocument, products_fed_by
from search.indexing.processor import connections
from search.tests.helpers import indexed_document

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]


def test_the_processor_listens_to_every_declared_model_and_only_those():
    assert ProductDocument.django.related_models == list(FED_BY)
    listened = {(signal, sender) for signal, _, sender in connections() if sender is not Product}
    declared = {(signal, model) for model in FED_BY for signal in (post_save, pre_delete)}
    assert declared <= listened
    assert {sender for _, sender in listened} == set(FED_BY)  # the m2m's through model is one of them


def test_renaming_an_attribute_type_updates_the_codes_of_its_products():
    """Not heard before the declaration: attribute_codes read the type's code."""
    red = make_attribute_value("colour", "red", {"en": "red"})
    blue = make_attribute_value("colour", "blue", {"en": "blue"})
    both, other = make_product({"en": "Both"}, attribute_values=[red, blue]), make_product({"en": "Plain"})
    colour = AttributeType.objects.get(pk=red.attribute_type_id)
    colour.code = "color"
    colour.save()  # a product with two values of the type is recorded once
    assert sorted(indexed_document(both.id)["attribute_codes"]) == ["color:blue", "color:red"]
    assert indexed_document(other.id)["attribute_codes"] == []


def test_deleting_an_attribute_value_removes_it_from_its_products():
    red = make_attribute_value("colour", "red", {"en": "red"})
    product = make_product({"en": "Red shoe"}, attribute_values=[red])
    assert indexed_document(product.id)["attribute_values"] == [red.id]
    red.delete()
    assert indexed_document(product.id)["attribute_values"] == []


def test_a_category_and_its_names_feed_every_product_below_it():
    shoes = make_category({"en": "Shoes"})
    sandals = make_category({"en": "Sandals"}, parent=shoes)
    below = {make_product({"en": "Sandal"}, category=sandals).id, make_product({"en": "Boot"}, category=shoes).id}
    make_product({"en": "Elsewhere"})
    assert set(products_fed_by(shoes).values_list("pk", flat=True)) == below
    assert set(products_fed_by(shoes.translations.get()).values_list("pk", flat=True)) == below
