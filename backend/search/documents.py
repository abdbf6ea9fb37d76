"""Elasticsearch documents: the second model layer of the catalog.

Only published products are indexed. Text fields hold one sub-field per
catalog language, each analysed with that language's analyzers (see
search/analyzers.py), and `lemmas` holds the same texts as lemmas. Building
documents for a batch costs a constant number of SQL queries (prefetches and
one load of the category tree), never one per product.

What feeds a product's document is declared here, once, the library's way:
`Django.model` and `Django.related_models`, with `products_fed_by` (the
document's `get_instances_from_related`) saying which products a change to a
related row affects. The signal processor connects to exactly these models and
the outbox records the products they name (search/indexing/).
"""
from django.conf import settings
from django.db.models import Model, Prefetch, QuerySet
from django_elasticsearch_dsl import Document, fields
from django_elasticsearch_dsl.registries import registry

from common.languages import shop_languages
from products.attribute_catalog import AttributeCatalog
from products.category_tree import CategoryTree
from products.models import (
    AttributeType,
    AttributeValue,
    AttributeValueTranslation,
    Category,
    CategoryTranslation,
    Product,
    ProductAttribute,
    ProductTranslation,
)
from search.analyzers import completion_analyzer, lemma_analyzer, plain_analyzer, stem_analyzer_for
from search.lexicon import lemma_text
from search.models import ProductPopularity
from search.text import compact_identifier, joined_model_numbers

# Texts that are also indexed as lemmas (search/queries.py searches these).
LEMMATIZED = ("title", "short_description", "attribute_list", "category_name")
# Prefix lengths kept for the last word of a query (titles and category names).
PREFIXES = {"min_chars": 2, "max_chars": 10}


def _products(**lookups) -> QuerySet:
    return Product.objects.filter(**lookups)


def _in_categories_below(category_id) -> QuerySet:
    # Every product under the category: its name and place are in their category_name and path.
    return _products(category_id__in=CategoryTree().descendant_ids(category_id))


# Each model a product's document is built from, besides Product itself, and the products a
# change to one of its rows affects (prepare_* below read them).
FED_BY = {
    ProductTranslation: lambda row: _products(pk=row.product_id),  # titles, descriptions, model numbers
    ProductAttribute: lambda row: _products(pk=row.product_id),  # attribute ids, codes, names
    Category: lambda row: _in_categories_below(row.pk),  # category path (a deleted one nulls theirs)
    CategoryTranslation: lambda row: _in_categories_below(row.category_id),  # category names
    AttributeValue: lambda row: _products(product_attributes__attribute_value=row.pk),  # codes
    AttributeValueTranslation: lambda row: _products(product_attributes__attribute_value=row.attribute_value_id),
    AttributeType: lambda row: _products(product_attributes__attribute_value__attribute_type=row.pk),  # codes
}


def products_fed_by(row: Model) -> QuerySet:
    """The products whose documents a row of a related model (FED_BY) goes into: a queryset,
    so the outbox records any number of them with one statement."""
    return FED_BY[type(row)](row)


def alias_name(name):
    """`<prefix>_<name>`: the alias clients use; the concrete indices behind it are
    managed by search.indexing.indices."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}_{name}"


def index_settings():
    return {
        "number_of_shards": settings.ELASTICSEARCH_SHARDS,
        "number_of_replicas": settings.ELASTICSEARCH_REPLICAS,
        # Deleted documents' versions are kept this long, so a late stale write
        # (older version) cannot resurrect a deleted product.
        "gc_deletes": "1h",
    }


def per_language_text(completion=False, prefixes=False, spelling=True):
    """An object with one text sub-field per catalog language (hunspell), each with a
    `.plain` (folded, unstemmed) multi-field, prefixes on it and `.suggest` if asked,
    and copied into `spelling.<language>` unless told not to."""
    properties = {}
    for language in shop_languages():
        plain = {"index_prefixes": PREFIXES} if prefixes else {}
        extra = {"plain": fields.TextField(analyzer=plain_analyzer, **plain)}
        if completion:
            extra["suggest"] = fields.CompletionField(analyzer=completion_analyzer)
        copy = {"copy_to": f"spelling.{language}"} if spelling else {}
        properties[language] = fields.TextField(analyzer=stem_analyzer_for(language), fields=extra, **copy)
    return fields.ObjectField(properties=properties)


def per_language_spelling():
    """spelling.<language>: the words of titles, attributes and category names, folded: the
    vocabulary spelling corrections choose from (descriptions would cost more than they add)."""
    return fields.ObjectField(properties={
        language: fields.TextField(analyzer=plain_analyzer) for language in shop_languages()
    })


def per_language_lemmas():
    """lemmas.<text>.<language> for each lemmatized text."""
    return fields.ObjectField(properties={
        name: fields.ObjectField(properties={
            language: fields.TextField(analyzer=lemma_analyzer) for language in shop_languages()
        })
        for name in LEMMATIZED
    })


@registry.register_document
class ProductDocument(Document):
    id = fields.IntegerField()
    sku = fields.KeywordField()
    # Identifiers as search/text.py compacts them: a SKU and the titles' model numbers
    # without case or separators ("knf000670", "lyra328"), so they are found typed any way.
    sku_compact = fields.KeywordField()
    model_numbers = fields.KeywordField(multi=True)
    title = per_language_text(completion=True, prefixes=True)
    short_description = per_language_text(spelling=False)
    attribute_list = per_language_text()
    category_name = per_language_text(prefixes=True)
    lemmas = per_language_lemmas()
    spelling = per_language_spelling()
    category_id = fields.IntegerField()
    category_path = fields.IntegerField(multi=True)
    attribute_values = fields.IntegerField(multi=True)
    attribute_codes = fields.KeywordField(multi=True)
    price = fields.DoubleField()
    stock = fields.IntegerField()
    in_stock = fields.BooleanField()
    is_published = fields.BooleanField()
    created_at = fields.DateField()
    # popularity.<language>: search/popularity.py's score (0..1), only where there is evidence; a
    # float, not a rank_feature: the sort reads it too, and the bare server has no mapper-extras.
    popularity = fields.ObjectField(properties={language: fields.FloatField() for language in shop_languages()})

    class Index:
        name = alias_name("products")
        settings = index_settings()

    class Django:
        model = Product
        related_models = list(FED_BY)
        queryset_pagination = 500

    def get_instances_from_related(self, related_instance):
        return products_fed_by(related_instance)

    def get_queryset(self):
        return (
            Product.objects.filter(is_published=True)
            .select_related("category")
            .prefetch_related(
                "translations",
                # Only the assignment ids: names come from one AttributeCatalog per batch.
                Prefetch(
                    "product_attributes",
                    queryset=ProductAttribute.objects.only("product_id", "attribute_value_id"),
                ),
                Prefetch("search_popularity",
                         queryset=ProductPopularity.objects.only("product_id", "language", "score")),
            )
            .order_by("id")
        )

    def get_indexing_queryset(self, *args, **kwargs):
        self.reload_lookups()
        return super().get_indexing_queryset(*args, **kwargs)

    def reload_lookups(self):
        """Categories and attribute values, read once for a whole batch."""
        self._category_tree = CategoryTree()
        self._attribute_catalog = AttributeCatalog()

    @property
    def category_tree(self):
        if getattr(self, "_category_tree", None) is None:
            self.reload_lookups()
        return self._category_tree

    @property
    def attribute_catalog(self):
        if getattr(self, "_attribute_catalog", None) is None:
            self.reload_lookups()
        return self._attribute_catalog

    def _value_ids(self, product):
        return [assignment.attribute_value_id for assignment in product.product_attributes.all()]

    def _per_language(self, value_for):
        return {language: value_for(language) for language in shop_languages()}

    def prepare(self, product):
        """The fields below, then `lemmas` derived from the texts they prepared."""
        data = super().prepare(product)
        del data["spelling"]
        data["lemmas"] = {
            name: {language: lemma_text(text, language) for language, text in data[name].items()}
            for name in LEMMATIZED
        }
        return data

    def prepare_sku_compact(self, product):
        return compact_identifier(product.sku)

    def prepare_model_numbers(self, product):
        found = {number for translation in product.translations.all()
                 for number in joined_model_numbers(translation.title)}
        return sorted(found)

    def prepare_lemmas(self, product):
        return None  # filled in by prepare(), from the prepared texts

    def prepare_spelling(self, product):
        return None  # filled by Elasticsearch (copy_to from the texts)

    def prepare_title(self, product):
        return self._per_language(product.title)

    def prepare_short_description(self, product):
        return self._per_language(product.short_description)

    def prepare_attribute_list(self, product):
        ids, name = self._value_ids(product), self.attribute_catalog.name
        return self._per_language(lambda language: ", ".join(name(value_id, language) for value_id in ids))

    def prepare_category_name(self, product):
        return self._per_language(lambda language: self.category_tree.path_name(product.category_id, language))

    def prepare_category_path(self, product):
        return [node.id for node in self.category_tree.path(product.category_id)]

    def prepare_attribute_values(self, product):
        return self._value_ids(product)

    def prepare_attribute_codes(self, product):
        return [self.attribute_catalog.code(value_id) for value_id in self._value_ids(product)]

    def prepare_price(self, product):
        return float(product.price)

    def prepare_popularity(self, product):
        return {row.language: row.score for row in product.search_popularity.all()}

    def prepare_in_stock(self, product):
        return product.in_stock
