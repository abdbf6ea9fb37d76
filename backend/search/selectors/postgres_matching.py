"""What the PostgreSQL fallback matches: a query's words as tsquery terms (as typed, their lemmas,
the catalog's own forms, prefixes for unknown and unfinished words), the shopper's filters, and a
typed SKU in any case and with any separators (selectors/postgres.py runs them)."""
import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Count, F, FloatField, IntegerField, Max, Value

from common.languages import languages_with_fallback
from products.category_tree import cached_category_tree
from products.models import Product, ProductAttribute, compact_sku
from products.search_vector import stems_words, text_search_config
from search.catalog_words import catalog_forms
from search.queries import read_query
from search.selectors.facet_filters import facet_filters
from search.text import WORD, fold

_TERM = re.compile(r"^\w+$")
_SKU_SEPARATORS = re.compile(r"[\W_]+")  # as compact_sku() in SQL: "KNF-000670", "knf 000670" alike


def _lexeme(text, prefix=False):
    """`text` as one quoted tsquery lexeme, or None when nothing searchable is left.
    Folding can turn a letter into syntax ("㈠" is "(一)"), so the operand is always quoted."""
    if not WORD.search(text):
        return None
    quoted = "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"
    return f"{quoted}:*" if prefix else quoted


def word_terms(word, language):
    """A read word's tsquery alternatives (quoted lexemes): as typed, its lemmas, synonyms, a prefix."""
    folded = fold(word.text)
    terms = {folded} | {fold(lemma) for lemma in word.lemmas + word.family if _TERM.match(lemma)}
    # The vector holds words as written: a lemma also stands for the catalog's own forms of it.
    terms |= {fold(form) for lemma in word.lemmas for form in catalog_forms(lemma, language)}
    for synonym in word.synonyms:
        terms |= {fold(synonym.text)} | {fold(lemma) for lemma in synonym.lemmas if _TERM.match(lemma)}
    alternatives = [_lexeme(term) for term in sorted(terms)]
    if word.prefix:
        alternatives.append(_lexeme(folded, prefix=True))
    elif not word.known and not stems_words(language):
        alternatives.append(_lexeme(folded[: max(3, len(word.text) - 2)], prefix=True))
    return [term for term in alternatives if term]


def tsquery(text, language, synonyms=None, every_word=True):
    """Every word (`every_word`) or any word, each by any of its alternatives (quoted lexemes,
    so syntax can't leak in). Requiring every word, as Elasticsearch does for one or two, keeps
    the matches (and the work: heap rows read and ranked) within the rarest word's."""
    groups = []
    for word in read_query(text, language, synonyms=synonyms).words:
        terms = list(dict.fromkeys(word_terms(word, language)))
        if terms:
            groups.append("(" + " | ".join(terms) + ")")
    return (" & " if every_word else " | ").join(dict.fromkeys(groups)) or None


def _searchable(params):
    """Published products not left out by a curation: what every count of a search shares."""
    products = Product.objects.filter(is_published=True)
    if params.get("exclude_ids"):
        products = products.exclude(id__in=params["exclude_ids"])
    return products


def filtered_products(params):
    """Published products passing the filters (and not excluded by a curation)."""
    products, filters = _searchable(params), facet_filters(params)
    if filters.category:
        products = products.filter(category_id__in=cached_category_tree().descendant_ids(filters.category))
    if filters.price_min is not None:
        products = products.filter(price__gte=filters.price_min)
    if filters.price_max is not None:
        products = products.filter(price__lte=filters.price_max)
    if filters.in_stock is not None:
        products = products.filter(stock__gt=0) if filters.in_stock else products.filter(stock=0)
    if filters.attributes:
        products = products.filter(id__in=_in_every_type(filters))
    return products


def _in_every_type(filters):
    """Products carrying a selected value of every selected type (any one of a type's values):
    one grouped subquery whatever their number (a join per value made fifty filters a
    101-join statement, ~1 s to plan)."""
    return ProductAttribute.objects.filter(attribute_value_id__in=filters.value_ids).values("product_id").annotate(
        types=Count("attribute_value__attribute_type_id", distinct=True),
    ).filter(types=len(filters.attributes)).values("product_id")


def matching_products(params, language, synonyms=None, every_word=True):
    """The products the text matches (with their best rank), and the one whose SKU it is
    (in any case): two branches of a UNION, so each can use its own index."""
    config = text_search_config(language)
    text = params["q"].strip()
    columns = ("id", "category_id", "price", "stock", "created_at", "score", "exact_sku")
    if not text:  # every word was understood as a filter or an order: browse them
        return _searchable(params).order_by().annotate(
            score=Value(None, output_field=FloatField()), exact_sku=Value(0, output_field=IntegerField()),
        ).values(*columns)
    typed_sku = _SKU_SEPARATORS.sub("", text.lower())
    by_sku = _searchable(params).annotate(compact=compact_sku("sku")).filter(
        compact=typed_sku or None).order_by().annotate(
        score=Value(None, output_field=FloatField()), exact_sku=Value(1, output_field=IntegerField()),
    ).values(*columns)
    raw = tsquery(text, language, synonyms, every_word)
    if raw is None:  # nothing searchable, but maybe a SKU
        return by_sku
    query = SearchQuery(raw, search_type="raw", config=config)
    # search_vector is kept by a trigger and GIN-indexed (products migration 0002); each
    # product's best-matching translation gives its rank, in one pass over the matches.
    by_text = _searchable(params).filter(
        translations__language__in=languages_with_fallback(language), translations__search_vector=query,
    ).order_by().values("id", "category_id", "price", "stock", "created_at").annotate(
        score=Max(SearchRank(F("translations__search_vector"), query)),
        exact_sku=Value(0, output_field=IntegerField()),
    ).values(*columns)
    return by_text.union(by_sku, all=True)
