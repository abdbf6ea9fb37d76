"""A reproducible demo catalog that reads like a real shop's, fast enough for 100 000 products.

Every product is one of the kinds in `products.demo.kinds` (tables, knives,
mugs, baskets, shirts, ...) in a colour and a material, titled and described
in Czech, Slovak and English with the words inflected as a copywriter would.
Rows are written with bulk_create in batches; bulk writes send no signals, so
the search index is built afterwards by one rebuild instead of one sync per
product.
"""
import random
import time
from decimal import Decimal

from django.db import connection, transaction

from products.demo import words
from products.demo.grammar import adjective, capitalized
from products.demo.kinds import KINDS
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
LANGUAGES = ("cs", "sk", "en")
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
    """{leaf code: leaf category}; top categories have the slug demo-<code>."""
    leaves = {}
    for order, (code, cs, sk, en, children) in enumerate(words.CATEGORIES):
        top = Category.objects.create(slug=f"demo-{code}", sort_order=order)
        _translated(CategoryTranslation, "category", top, {"cs": cs, "sk": sk, "en": en})
        for child_order, (leaf_code, leaf_cs, leaf_sk, leaf_en) in enumerate(children):
            leaf = Category.objects.create(slug=f"demo-{leaf_code}", parent=top, sort_order=child_order)
            _translated(CategoryTranslation, "category", leaf, {"cs": leaf_cs, "sk": leaf_sk, "en": leaf_en})
            leaves[leaf_code] = leaf
    return leaves


def _create_attributes():
    """{"colour": {code: value}, "material": {...}, "size": {...}}."""
    values: dict[str, dict] = {}
    for code, cs, sk, en in words.ATTRIBUTE_TYPES:
        attribute_type = AttributeType.objects.create(code=code)
        _translated(AttributeTypeTranslation, "attribute_type", attribute_type, {"cs": cs, "sk": sk, "en": en})
        values[code] = {}

    def value(type_code, code, names):
        created = AttributeValue.objects.create(
            attribute_type=AttributeType.objects.get(code=type_code), code=code
        )
        _translated(AttributeValueTranslation, "attribute_value", created, names)
        values[type_code][code] = created

    for colour in words.COLOURS:
        value("colour", colour.code, {language: colour.value_name(language) for language in LANGUAGES})
    for material in words.MATERIALS.values():
        value("material", material.code, material.names)
    for size in words.CLOTHING_SIZES + words.SHOE_SIZES:
        value("size", size, {language: size for language in LANGUAGES})
    return values


def product_title(kind, language, colour, material, model, pattern):
    """One of three title patterns a shop uses, with the adjectives agreeing with the noun."""
    noun = kind.noun(language)
    if language == "en":
        colour_word, material_word = colour.en, material.adjective_en
    else:
        colour_word = adjective(getattr(colour, language), noun.gender, language)
        material_word = adjective(material.stems[language], noun.gender, language)
    titles = (
        f"{colour_word} {material_word} {noun.text} {model}",
        f"{material_word} {noun.text} {model}",
        f"{noun.text} {model} {material.phrases[language]}",
    )
    return capitalized(titles[pattern])


class _ProductFactory:
    def __init__(self, seed, leaves, values):
        self.rng = random.Random(seed)
        self.leaves, self.values = leaves, values

    def _texts(self, kind, language, colour, material, model, pattern, picks, shop_sentence):
        noun = kind.noun(language)
        slots = {"material": material.phrases[language], "colour": colour.phrase(language), "model": model}
        sentences = [sentence.format(**slots) for sentence in noun.sentences]
        short = " ".join(sentences[index] for index in picks)
        return ProductTranslation(
            language=language,
            title=product_title(kind, language, colour, material, model, pattern),
            short_description=short,
            description=" ".join(sentences + [words.SHOP_SENTENCES[language][shop_sentence]]),
        )

    def build(self, number):
        """(product, translations, attribute values) for the number-th demo product."""
        rng = self.rng
        kind = rng.choice(KINDS)
        colour = rng.choice(words.COLOURS)
        material = words.MATERIALS[rng.choice(kind.materials)]
        model = f"{rng.choice(words.MODEL_NAMES)} {rng.randint(100, 999)}"
        pattern, shop_sentence = rng.randrange(3), rng.randrange(3)
        picks = sorted(rng.sample(range(3), 2))
        low, high = kind.prices
        product = Product(
            sku=f"{kind.sku}-{number:06d}",
            price=Decimal(rng.randint(low // 10, high // 10) * 10 - 1),
            stock=0 if rng.random() < 0.2 else rng.randint(1, 120),
            is_published=rng.random() < 0.9,
            category=self.leaves[kind.category],
        )
        translations = [
            self._texts(kind, language, colour, material, model, pattern, picks, shop_sentence)
            for language in LANGUAGES
        ]
        values = [self.values["colour"][colour.code], self.values["material"][material.code]]
        if kind.sizes:
            sizes = words.CLOTHING_SIZES if kind.sizes == "clothing" else words.SHOE_SIZES
            values.append(self.values["size"][rng.choice(sizes)])
        return product, translations, values


def load_demo_catalog(count, seed=42, progress=None):
    """Creates categories, attributes and `count` products; returns the seconds taken."""
    started = time.monotonic()
    with transaction.atomic():
        factory = _ProductFactory(seed, _create_categories(), _create_attributes())
    done = 0
    while done < count:
        size = min(BATCH_SIZE, count - done)
        built = [factory.build(done + n + 1) for n in range(size)]
        with transaction.atomic():
            products = Product.objects.bulk_create([product for product, _, _ in built])
            for product, (_, translations, _) in zip(products, built):
                for translation in translations:
                    translation.product = product
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
