"""Suggest's matches from PostgreSQL, when Elasticsearch is off or down: the same shape.

`titles` (the `suggestions` list) are found as they always were: titles in the
language holding every typed word, folded, anywhere. Product previews and
category counts read the words as the fallback search does (search_vector,
lemmas, the last word as a prefix: selectors/postgres.py), restricted to
titles (the vector's weight A), in one statement bounded by
SEARCH_FALLBACK_TIMEOUT_MS; past it the previews and counts are left empty
rather than keeping a keystroke waiting.
"""
from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Count
from psycopg2.errors import QueryCanceled

from common.languages import languages_with_fallback
from products.category_tree import cached_category_tree
from products.models import Product, ProductTranslation
from products.selectors import published_product_previews
from products.search_vector import text_search_config
from search.selectors.postgres_matching import word_terms
from search.selectors.suggest_matches import PRODUCTS, TITLES, SuggestMatches, subtree_counts
from search.text import fold, words

MAX_TERMS = 12


def _in_titles(term):
    """A quoted lexeme ('x' or 'x':*) restricted to the title (weight A)."""
    return f"{term}A" if term.endswith(":*") else f"{term}:A"


def title_tsquery(query):
    groups = []
    for word in query.words:
        terms = list(dict.fromkeys(_in_titles(term) for term in word_terms(word, query.language)))
        if terms:
            groups.append("(" + " | ".join(terms) + ")")
    return " & ".join(dict.fromkeys(groups)) or None


_MATCHES_SQL = f"""
WITH m AS MATERIALIZED (
    SELECT p.id, p.category_id, max(ts_rank(t.search_vector, q.q)) AS score
    FROM {ProductTranslation._meta.db_table} t
    JOIN {Product._meta.db_table} p ON p.id = t.product_id
    CROSS JOIN to_tsquery(%(config)s, %(query)s) AS q(q)
    WHERE t.language = ANY(%(languages)s) AND t.search_vector @@ q.q AND p.is_published
    GROUP BY p.id, p.category_id
)
SELECT
    (SELECT coalesce(json_agg(id), '[]') FROM (SELECT id FROM m ORDER BY score DESC, id LIMIT %(size)s) AS page),
    (SELECT coalesce(json_object_agg(category_id, n), '{{}}')
     FROM (SELECT category_id, count(*) AS n FROM m WHERE category_id IS NOT NULL GROUP BY category_id) AS c)
"""


def _title_matches(query):
    raw = title_tsquery(query)
    if raw is None:
        return [], {}
    params = {"config": text_search_config(query.language), "query": raw,
              "languages": languages_with_fallback(query.language), "size": PRODUCTS}
    try:
        # As the fallback search: the timeout binds this statement only (a SET LOCAL outlives a
        # savepoint, were this ever called inside a request's transaction), and no JIT, whose
        # compilation no timeout interrupts.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = %s", [settings.SEARCH_FALLBACK_TIMEOUT_MS])
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(_MATCHES_SQL, params)
            ids, counts = cursor.fetchone()
            cursor.execute("SET LOCAL statement_timeout = DEFAULT; SET LOCAL jit = DEFAULT")
    except OperationalError as error:
        if isinstance(error.__cause__, QueryCanceled):  # a prefix matching most of the catalog
            return [], {}
        raise
    return ids, {int(category_id): n for category_id, n in counts.items()}


def _titles(prefix, language):
    typed = [fold(word) for word in words(prefix)][:MAX_TERMS]
    if not typed:
        return []
    translations = ProductTranslation.objects.filter(language=language, product__is_published=True)
    for word in typed:
        translations = translations.filter(title__unaccent__icontains=word)
    return list(translations.order_by("title").values_list("title", flat=True).distinct()[:TITLES])


def _named_counts(named_ids):
    if not named_ids:
        return {}
    tree = cached_category_tree()
    every = {node for category_id in named_ids for node in tree.descendant_ids(category_id)}
    rows = Product.objects.filter(is_published=True, category_id__in=every).values("category_id").annotate(
        n=Count("id")).order_by()
    return subtree_counts(named_ids, tree, {row["category_id"]: row["n"] for row in rows})


def suggest_matches(query, named_ids) -> SuggestMatches:
    """Matches for a read ShopperQuery (prefix ALWAYS); `named_ids`: categories its words name."""
    if query.is_empty:
        return SuggestMatches()
    ids, counts = _title_matches(query)
    return SuggestMatches(titles=_titles(query.text, query.language),
                          products=published_product_previews(ids, language=query.language), category_counts=counts,
                          named_counts=_named_counts(named_ids))
