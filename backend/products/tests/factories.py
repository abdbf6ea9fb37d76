"""Catalog builders for tests: model-bakery for rows, Faker for realistic text."""
from decimal import Decimal

from django.db import transaction
from faker import Faker
from model_bakery import baker

from products.models import (
    AttributeType,
    AttributeTypeTranslation,
    AttributeValue,
    AttributeValueTranslation,
    Category,
    CategoryTranslation,
    Product,
    ProductAttribute,
    ProductTranslation,
)

fake = Faker(["cs_CZ", "sk_SK", "en_US"])


def make_category(names, parent=None, slug=None):
    with transaction.atomic():
        category = baker.make(Category, parent=parent, slug=slug or fake.unique.slug())
        for language, name in names.items():
            baker.make(CategoryTranslation, category=category, language=language, name=name)
    return category


def make_attribute_value(type_code, value_code, names, type_names=None):
    with transaction.atomic():
        attribute_type, created = AttributeType.objects.get_or_create(code=type_code)
        if created:
            for language, name in (type_names or {"en": type_code}).items():
                baker.make(
                    AttributeTypeTranslation, attribute_type=attribute_type, language=language, name=name
                )
        value = baker.make(AttributeValue, attribute_type=attribute_type, code=value_code)
        for language, name in names.items():
            baker.make(AttributeValueTranslation, attribute_value=value, language=language, name=name)
    return value


def make_product(titles=None, *, published=True, category=None, stock=5, price=None, sku=None,
                 short_descriptions=None, attribute_values=()):
    """One product with its translations and attributes, saved in one transaction."""
    titles = titles or {"cs": fake["cs_CZ"].sentence(nb_words=3).rstrip(".")}
    short_descriptions = short_descriptions or {}
    with transaction.atomic():
        product = baker.make(
            Product,
            sku=sku or fake.unique.bothify("SKU-#####-????").upper(),
            price=price if price is not None else Decimal(fake.pyint(1, 5000)),
            stock=stock,
            is_published=published,
            category=category,
        )
        for language, title in titles.items():
            baker.make(
                ProductTranslation, product=product, language=language, title=title,
                short_description=short_descriptions.get(language, ""),
            )
        for value in attribute_values:
            baker.make(ProductAttribute, product=product, attribute_value=value)
    return product
