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


def make_shoe_shop():
    """The small catalog the search and storefront tests share: two shoes, a boot whose
    description says "bota", a mug whose title inflects it, in Czech and English
    (Slovak falls back to Czech), under two categories and a kitchen."""
    shoes = make_category({"cs": "Obuv", "en": "Footwear"})
    summer = make_category({"cs": "Letní obuv", "en": "Summer shoes"}, parent=shoes)
    kitchen = make_category({"cs": "Kuchyně", "en": "Kitchen"})
    red = make_attribute_value("colour", "red", {"cs": "červená", "en": "red"}, {"cs": "Barva", "en": "Colour"})
    blue = make_attribute_value("colour", "blue", {"cs": "modrá", "en": "blue"})
    return {
        "red_shoe": make_product(
            {"cs": "Červená bota", "en": "Red shoe"}, sku="SH-RED", price=Decimal("900"), category=summer,
            attribute_values=[red], stock=4,
        ),
        "blue_shoe": make_product(
            {"cs": "Modrá bota", "en": "Blue shoe"}, sku="SH-BLUE", price=Decimal("1500"), category=summer,
            attribute_values=[blue], stock=0,
        ),
        "boot": make_product(
            {"cs": "Zimní kozačka", "en": "Winter boot"}, sku="BOOT-1", price=Decimal("2500"), category=shoes,
            short_descriptions={"cs": "Teplá bota na zimu"}, stock=2,
        ),
        "mug": make_product(
            {"cs": "Hrnek s botou", "en": "Mug"}, sku="MUG-1", price=Decimal("150"), category=kitchen, stock=9,
        ),
        "categories": {"shoes": shoes, "summer": summer, "kitchen": kitchen},
        "values": {"red": red, "blue": blue},
    }


def _titled(cs, sk, en, description=""):
    return make_product({"cs": cs, "sk": sk, "en": en},
                        short_descriptions={"cs": description} if description else None)


def make_distractor_shop():
    """Tables with the products that only share a beginning with them: table lamps and
    table tennis bats ("stolní"), a chair and a lamp whose descriptions mention tables;
    knives next to a table whose legs ("nohy", "noze") are described; mugs and a small
    mug; baskets next to shirts ("koš"/"košile"); a shelf ("shelves" in English)."""
    return {
        "dining_table": _titled("Dřevěný jídelní stůl Tatra", "Drevený jedálenský stôl Tatra", "Wooden dining table",
                                "Stůl stojí pevně na čtyřech nohách, deska je z dubu."),
        "desk": _titled("Psací stůl Orion", "Písací stôl Orion", "Desk Orion"),
        "table_lamp": _titled("Stolní lampa Vega", "Stolová lampa Vega", "Table lamp Vega",
                              "Lampu postavíte na psací stůl."),
        "tt_bat": _titled("Pálka na stolní tenis Alfa", "Raketa na stolný tenis", "Table tennis bat",
                          "K pálkám doporučujeme síťku na stůl."),
        "chair": _titled("Židle Luna", "Stolička Luna", "Chair Luna", "Hodí se k jídelním stolům."),
        "knife": _titled("Kuchyňský nůž Fatra", "Kuchynský nôž Fatra", "Kitchen knife Fatra"),
        "knife_set": _titled("Sada kuchyňských nožů", "Súprava kuchynských nožov", "Kitchen knife set"),
        "mug": _titled("Keramický hrnek Atlas", "Keramický hrnček Atlas", "Ceramic mug Atlas"),
        "espresso_cup": _titled("Porcelánový hrníček na espresso", "Porcelánová šálka", "Espresso cup"),
        "laundry_basket": _titled("Proutěný koš na prádlo", "Prútený kôš na bielizeň", "Wicker laundry basket"),
        "shopping_basket": _titled("Nákupní košík Vega", "Nákupný košík Vega", "Shopping basket Vega"),
        "shirt": _titled("Bavlněná košile Nova", "Bavlnená košeľa Nova", "Cotton shirt Nova"),
        "linen_shirt": _titled("Lněná košile Terra", "Ľanová košeľa Terra", "Linen shirt Terra"),
        "tshirt": _titled("Tričko Orion", "Tričko Orion", "T-shirt Orion"),
        "shelf": _titled("Nástěnná police", "Nástenná polica", "Wall shelf"),
    }
