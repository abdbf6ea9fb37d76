"""A reproducible multilingual demo catalog, fast enough for 100 000 products.

Rows are built with model-bakery's `prepare` and Faker (seeded), then written
with bulk_create in batches; bulk writes send no signals, so the search index
is built afterwards by one rebuild instead of one sync per product.
"""
import random
import time
from decimal import Decimal

from django.db import connection, transaction
from faker import Faker
from model_bakery import baker

from products.demo import vocabulary as words
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

BATCH_SIZE = 2000
CATALOG_TABLES = [
    "products_productattribute", "products_producttranslation", "products_product",
    "products_attributevaluetranslation", "products_attributevalue",
    "products_attributetypetranslation", "products_attributetype",
    "products_categorytranslation", "products_category",
]


def reset_catalog():
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(CATALOG_TABLES)} RESTART IDENTITY CASCADE")


def _translated(model, owner_field, owner, names):
    model.objects.bulk_create(
        model(**{owner_field: owner, "language": language, "name": name}) for language, name in names.items()
    )


def _create_categories():
    """{top code: [leaf categories]} for Obuv/Footwear, Oblečení/Clothing, ..."""
    leaves = {}
    for order, (code, cs, sk, en) in enumerate(words.TOP_CATEGORIES):
        top = Category.objects.create(slug=f"demo-{code}", sort_order=order)
        _translated(CategoryTranslation, "category", top, {"cs": cs, "sk": sk, "en": en})
        leaves[code] = []
        for sub_code, sub_cs, sub_sk, sub_en in words.SUB_CATEGORIES:
            leaf = Category.objects.create(slug=f"demo-{code}-{sub_code}", parent=top)
            _translated(CategoryTranslation, "category", leaf, {"cs": sub_cs, "sk": sub_sk, "en": sub_en})
            leaves[code].append(leaf)
    return leaves


def _create_attributes():
    types = {}
    for code, cs, sk, en in words.ATTRIBUTE_TYPES:
        types[code] = AttributeType.objects.create(code=code)
        _translated(AttributeTypeTranslation, "attribute_type", types[code], {"cs": cs, "sk": sk, "en": en})

    def value(type_code, code, names):
        created = AttributeValue.objects.create(attribute_type=types[type_code], code=code)
        _translated(AttributeValueTranslation, "attribute_value", created, names)
        return created

    colours = {c[0]: value("colour", c[0], {"cs": c[4], "sk": c[5], "en": c[3]}) for c in words.COLOURS}
    materials = {m[0]: value("material", m[0], {"cs": m[4], "sk": m[5], "en": m[6]}) for m in words.MATERIALS}
    sizes = {s: value("size", s, {"cs": s.upper(), "sk": s.upper(), "en": s.upper()}) for s in words.SIZES}
    return colours, materials, sizes


class _ProductFactory:
    def __init__(self, seed, leaves, colours, materials, sizes):
        self.rng = random.Random(seed)
        self.fakers = {language: Faker(locale) for language, locale in
                       {"cs": "cs_CZ", "sk": "sk_SK", "en": "en_US"}.items()}
        for offset, faker in enumerate(self.fakers.values()):
            faker.seed_instance(seed + offset)
        self.seed, self.leaves = seed, leaves
        self.colours, self.materials, self.sizes = colours, materials, sizes

    def build(self, number):
        """(product, translations, attribute values) for the number-th demo product."""
        rng = self.rng
        code, category, (cs_noun, cs_gender), (sk_noun, sk_gender), en_noun = rng.choice(words.NOUNS)
        colour = rng.choice(words.COLOURS)
        material = rng.choice(words.MATERIALS)
        model_name = f"{rng.choice(words.MODEL_NAMES)} {rng.randint(100, 999)}"
        titles = {
            "cs": f"{words.adjective(colour[1], cs_gender).capitalize()} "
                  f"{words.adjective(material[1], cs_gender)} {cs_noun} {model_name}",
            "sk": f"{words.adjective(colour[2], sk_gender, 'sk').capitalize()} "
                  f"{words.adjective(material[2], sk_gender, 'sk')} {sk_noun} {model_name}",
            "en": f"{colour[3].capitalize()} {material[3]} {en_noun} {model_name}",
        }
        product = baker.prepare(
            Product,
            sku=f"DEMO-{self.seed}-{number:07d}",
            price=Decimal(rng.randint(99, 49999)) / 100,
            stock=0 if rng.random() < 0.2 else rng.randint(1, 120),
            is_published=rng.random() < 0.9,
            category=rng.choice(self.leaves[category]),
        )
        translations = [
            ProductTranslation(
                product=product, language=language, title=titles[language],
                short_description=self.fakers[language].sentence(nb_words=8),
                description=self.fakers[language].paragraph(nb_sentences=3),
            )
            for language in ("cs", "sk", "en")
        ]
        values = [self.colours[colour[0]], self.materials[material[0]]]
        if category in {"footwear", "clothing"}:
            values.append(self.sizes[rng.choice(words.SIZES)])
        return product, translations, values


def load_demo_catalog(count, seed=42, progress=None):
    """Creates categories, attributes and `count` products; returns the seconds taken."""
    started = time.monotonic()
    with transaction.atomic():
        leaves = _create_categories()
        factory = _ProductFactory(seed, leaves, *_create_attributes())
    done = 0
    while done < count:
        size = min(BATCH_SIZE, count - done)
        built = [factory.build(done + n + 1) for n in range(size)]
        with transaction.atomic():
            products = Product.objects.bulk_create([product for product, _, _ in built])
            ProductTranslation.objects.bulk_create(
                translation for _, translations, _ in built for translation in translations
            )
            ProductAttribute.objects.bulk_create(
                ProductAttribute(product=product, attribute_value=value)
                for product, (_, _, values) in zip(products, built) for value in values
            )
            # Spread creation dates over a year, reproducibly, for "newest" sorting.
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE products_product SET created_at = now() - (id %% 365) * interval '1 day'"
                    " WHERE id BETWEEN %s AND %s", [products[0].id, products[-1].id],
                )
        done += size
        if progress:
            progress(done, count, time.monotonic() - started)
    return time.monotonic() - started
