"""The same searches answered by PostgreSQL, when Elasticsearch is off or down.

Full-text search from django.contrib.postgres over the translations of the
requested and the default language (a GIN-indexed tsvector kept by a trigger,
accents removed with `unaccent`). English uses PostgreSQL's `english`
configuration; Czech and Slovak have none in PostgreSQL, so they use `simple`.
Each word is looked for as typed and as its lemmas (search/lexicon.py: "stoly"
also as "stůl", which titles use), words the dictionary does not know also as
a shortened prefix, and the last, unfinished word as a prefix. Ranking and
typo tolerance are weaker than Elasticsearch's; the response shape is the same.
"""
import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)

from common.languages import languages_with_fallback
from products.category_tree import CategoryTree
from products.models import Product, ProductAttribute, ProductTranslation
from products.search_vector import stems_words, text_search_config
from search.queries import read_query
from search.selectors.page import PRICE_RANGES, SearchPage
from search.text import WORD, fold, words

MAX_TERMS = 12
_TERM = re.compile(r"^\w+$")


def _lexeme(text, prefix=False):
    """`text` as one quoted tsquery lexeme, or None when nothing searchable is left.
    Folding can turn a letter into syntax ("㈠" is "(一)"), so the operand is always quoted."""
    if not WORD.search(text):
        return None
    quoted = "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"
    return f"{quoted}:*" if prefix else quoted


def _word_terms(word, language):
    folded = fold(word.text)
    terms = {folded} | {fold(lemma) for lemma in word.lemmas if _TERM.match(lemma)}
    for synonym in word.synonyms:
        terms |= {fold(synonym.text)} | {fold(lemma) for lemma in synonym.lemmas if _TERM.match(lemma)}
    alternatives = [_lexeme(term) for term in sorted(terms)]
    if word.prefix:
        alternatives.append(_lexeme(folded, prefix=True))
    elif not word.known and not stems_words(language):
        alternatives.append(_lexeme(folded[: max(3, len(word.text) - 2)], prefix=True))
    return [term for term in alternatives if term]


def _tsquery(text, language, synonyms=None):
    """OR of every word's alternatives, each a quoted lexeme, so syntax can't leak in."""
    alternatives = [term for word in read_query(text, language, synonyms=synonyms).words
                    for term in _word_terms(word, language)]
    return " | ".join(alternatives) if alternatives else None


def filtered_products(params):
    """Published products passing the filters (and not excluded by a curation)."""
    products = Product.objects.filter(is_published=True)
    if params.get("exclude_ids"):
        products = products.exclude(id__in=params["exclude_ids"])
    if params.get("category"):
        products = products.filter(category_id__in=CategoryTree().descendant_ids(params["category"]))
    if params.get("price_min") is not None:
        products = products.filter(price__gte=params["price_min"])
    if params.get("price_max") is not None:
        products = products.filter(price__lte=params["price_max"])
    if params.get("in_stock") is not None:
        products = products.filter(stock__gt=0) if params["in_stock"] else products.filter(stock=0)
    for value_id in params.get("attr", []):
        products = products.filter(product_attributes__attribute_value_id=value_id)
    return products


def _matching(params, language, synonyms=None):
    config = text_search_config(language)
    text = params["q"]
    exact_sku = Case(
        When(sku__iexact=text.strip(), then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    products = filtered_products(params).annotate(exact_sku=exact_sku)
    raw = _tsquery(text, language, synonyms)
    if raw is None:
        # Nothing searchable but maybe a SKU; the score must not be a bare constant in ORDER BY.
        return products.filter(exact_sku=1).annotate(
            score=ExpressionWrapper(F("exact_sku") * Value(1.0), output_field=FloatField())
        )
    query = SearchQuery(raw, search_type="raw", config=config)
    # search_vector is kept by a trigger and GIN-indexed (products migration 0002).
    matching = ProductTranslation.objects.filter(language__in=languages_with_fallback(language), search_vector=query)
    best_rank = (
        matching.filter(product=OuterRef("pk"))
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank")
        .values("rank")[:1]
    )
    products = products.filter(Q(id__in=matching.values("product_id")) | Q(exact_sku=1))
    return products.annotate(score=Subquery(best_rank))


ORDERINGS = {
    "relevance": [F("exact_sku").desc(), F("score").desc(nulls_last=True), "id"],
    "price": ["price", "id"],
    "-price": ["-price", "id"],
    "newest": ["-created_at", "-id"],
}


def _facets(products):
    tree = CategoryTree()
    category_counts = {}
    for row in products.values("category_id").annotate(n=Count("id")).order_by():
        for node in tree.path(row["category_id"]):
            category_counts[node.id] = category_counts.get(node.id, 0) + row["n"]
    attribute_counts = {
        row["attribute_value_id"]: row["n"]
        for row in ProductAttribute.objects.filter(product__in=products.values("id"))
        .values("attribute_value_id").annotate(n=Count("product_id", distinct=True)).order_by()
    }
    price_aggregates = {}
    for key, low, high in PRICE_RANGES:
        condition = Q()
        if low is not None:
            condition &= Q(price__gte=low)
        if high is not None:
            condition &= Q(price__lt=high)
        price_aggregates[key] = Count("id", filter=condition)
    price_counts = products.order_by().aggregate(**price_aggregates)
    return category_counts, attribute_counts, price_counts


def search_products(*, params: dict, language: str, synonyms=None) -> SearchPage:
    products = _matching(params, language, synonyms)
    page_ids = list(
        products.order_by(*ORDERINGS[params["sort"]]).values_list("id", flat=True)[
            params["offset"]: params["offset"] + params["limit"]
        ]
    )
    category_counts, attribute_counts, price_counts = _facets(products)
    return SearchPage(
        product_ids=page_ids, total=products.count(), backend="postgres",
        category_counts=category_counts, attribute_counts=attribute_counts, price_counts=price_counts,
    )


def suggest_titles(*, prefix: str, language: str, size: int = 10) -> list[str]:
    typed = [fold(word) for word in words(prefix)][:MAX_TERMS]
    if not typed:
        return []
    translations = ProductTranslation.objects.filter(language=language, product__is_published=True)
    for word in typed:
        translations = translations.filter(title__unaccent__icontains=word)
    return list(translations.order_by("title").values_list("title", flat=True).distinct()[:size])


def similar_product_ids(*, product, language: str, size: int = 10) -> list[int]:
    """Same category, nearest in price: a plain stand-in for 'more like this'."""
    candidates = Product.objects.filter(is_published=True).exclude(id=product.id)
    if product.category_id:
        candidates = candidates.filter(category_id=product.category_id)
    distance = Func(F("price") - product.price, function="ABS")
    nearest = candidates.annotate(distance=distance).order_by("distance", "id")
    return list(nearest.values_list("id", flat=True)[:size])
