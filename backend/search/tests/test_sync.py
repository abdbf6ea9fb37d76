"""Catalog writes reach Elasticsearch through our signal handlers (real ES and PG)."""
import pytest
from django.db import transaction

from products.models import ProductAttribute, ProductTranslation
from products.tests.factories import make_attribute_value, make_category, make_product
from search.models import PendingIndexChange
from search.tests.helpers import indexed_document, indexed_ids

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]


def test_published_product_is_indexed_with_every_language():
    category = make_category({"cs": "Boty", "en": "Shoes"})
    product = make_product({"cs": "Červená bota", "en": "Red shoe"}, category=category, stock=3)
    document = indexed_document(product.id)
    assert document["sku"] == product.sku
    assert document["title"] == {"cs": "Červená bota", "sk": "Červená bota", "en": "Red shoe"}
    assert document["category_name"]["en"] == "Shoes"
    assert document["in_stock"] is True
    assert PendingIndexChange.objects.filter(processed_at__isnull=True).count() == 0


def test_unpublished_product_is_not_indexed():
    product = make_product({"cs": "Skrytá bota"}, published=False)
    assert indexed_document(product.id) is None


def test_editing_a_translation_updates_the_document():
    product = make_product({"cs": "Modrá bota"})
    translation = ProductTranslation.objects.get(product=product, language="cs")
    translation.title = "Zelená bota"
    translation.save()
    assert indexed_document(product.id)["title"]["cs"] == "Zelená bota"


def test_adding_and_removing_an_attribute_updates_the_document():
    red = make_attribute_value("colour", "red", {"cs": "červená", "en": "red"})
    product = make_product({"cs": "Tričko", "en": "T-shirt"})
    assignment = ProductAttribute.objects.create(product=product, attribute_value=red)
    document = indexed_document(product.id)
    assert document["attribute_list"]["en"] == "red"
    assert document["attribute_codes"] == ["colour:red"]
    assignment.delete()
    assert indexed_document(product.id)["attribute_codes"] == []


def test_m2m_add_updates_the_document():
    cotton = make_attribute_value("material", "cotton", {"cs": "bavlna", "en": "cotton"})
    product = make_product({"cs": "Košile"})
    product.attribute_values.add(cotton)
    assert indexed_document(product.id)["attribute_list"]["cs"] == "bavlna"


def test_unpublish_and_delete_remove_the_document():
    kept, removed = make_product({"cs": "Čepice"}), make_product({"cs": "Šála"})
    kept.is_published = False
    kept.save()
    assert indexed_document(kept.id) is None
    removed_id = removed.id
    removed.delete()
    assert indexed_document(removed_id) is None
    assert indexed_ids() == set()


def test_renaming_an_attribute_value_updates_its_products():
    red = make_attribute_value("colour", "red", {"cs": "červená", "en": "red"})
    products = [make_product({"cs": f"Produkt {n}"}, attribute_values=[red]) for n in range(3)]
    translation = red.translations.get(language="en")
    translation.name = "crimson"
    translation.save()
    assert {indexed_document(p.id)["attribute_list"]["en"] for p in products} == {"crimson"}


def test_moving_a_category_updates_the_path_of_products_below_it():
    clothes = make_category({"en": "Clothes"})
    shoes = make_category({"en": "Shoes"})
    sandals = make_category({"en": "Sandals"}, parent=shoes)
    product = make_product({"en": "Beach sandal"}, category=sandals)
    shoes.parent = clothes
    shoes.save()
    document = indexed_document(product.id)
    assert document["category_path"] == [clothes.id, shoes.id, sandals.id]
    assert document["category_name"]["en"] == "Clothes / Shoes / Sandals"


def test_a_rolled_back_transaction_never_reaches_elasticsearch():
    product = make_product({"cs": "Původní název"})
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            translation = ProductTranslation.objects.get(product=product, language="cs")
            translation.title = "Nikdy uložený název"
            translation.save()
            make_product({"cs": "Nikdy neexistující"})
            raise RuntimeError("rollback")
    assert indexed_document(product.id)["title"]["cs"] == "Původní název"
    assert indexed_ids() == {product.id}
    assert not PendingIndexChange.objects.filter(processed_at__isnull=True).exists()


def test_sync_flag_off_records_nothing(settings):
    settings.ELASTIC_SYNC = False
    product = make_product({"cs": "Bez synchronizace"})
    assert indexed_document(product.id) is None
    assert not PendingIndexChange.objects.exists()
