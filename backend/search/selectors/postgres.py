"""The same searches answered by PostgreSQL, when Elasticsearch is off or down (suggest: postgres_suggest.py).

Full-text search from django.contrib.postgres over the translations of the
requested and the default language (a GIN-indexed tsvector kept by a trigger,
accents removed with `unaccent`). English uses PostgreSQL's `english`
configuration; Czech and Slovak have none in PostgreSQL, so they use `simple`.
Each word is looked for as typed and as its lemmas (search/lexicon.py: "stoly"
also as "stůl", which titles use), words the dictionary does not know also as
a shortened prefix, a lemma also as the catalog's own forms of it that the
dictionary lacks (search/catalog_words.py), and the last, unfinished word as a prefix. Every word is
required; only when that finds nothing is any word enough (`relaxed`); a short first
page is filled without the query's modifiers, as in Elasticsearch (selectors/fill.py). Ranking
and typo tolerance are weaker than Elasticsearch's; the response shape is the same.
"""
import time
from dataclasses import replace

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import F, Func
from django.utils.translation import gettext_lazy as _

from psycopg2.errors import QueryCanceled
from rest_framework.exceptions import APIException

from products.category_tree import cached_category_tree
from products.models import AttributeValue, Product, ProductAttribute
from search.queries import read_query
from search.selectors.facet_filters import facet_filters
from search.selectors.fill import filled, wants_fill
from search.selectors.page import PRICE_RANGES, SearchPage, money
from search.selectors.popularity_order import postgres_factor, postgres_popular
from search.selectors.postgres_matching import matching_products, tsquery
from search.selectors.rule_boosts import postgres_relevance

MIN_RETRY_MS = 20  # less left of the budget: the any-word retry is not tried
ORDERINGS = {
    "relevance": "exact_sku DESC, score DESC NULLS LAST, id",
    "price": "price, id",
    "-price": "price DESC, id",
    "newest": "created_at DESC, id DESC",
}

# One statement: the matches are found and ranked once (a materialised CTE), each is marked
# with which facet groups' filters it passes, then the page, the total and every facet
# count (each group's with every other active filter but its own) are read from them.
# Five separate queries, each matching and ranking anew, made a fallback search five
# times the work. `carried` is one grouped pass over the selected values' assignments,
# whatever their number: per product, how many of the selected attribute types it
# carries a value of (and which); a product passes when that is every selected type.
_PAGE_AND_FACETS_SQL = """
WITH m AS MATERIALIZED (
    SELECT id, category_id, price, stock, created_at, max(exact_sku) AS exact_sku, max(score) AS score
    FROM ({matches}) AS found GROUP BY id, category_id, price, stock, created_at
),
chosen (value_id, type_id) AS (SELECT * FROM unnest(%s::bigint[], %s::bigint[])),
carried AS (
    SELECT pa.product_id, count(DISTINCT chosen.type_id) AS n, array_agg(DISTINCT chosen.type_id) AS types
    FROM {assignments} pa JOIN chosen ON chosen.value_id = pa.attribute_value_id GROUP BY pa.product_id
),
f AS MATERIALIZED (
    SELECT m.*, {category_ok} AS category_ok, {price_ok} AS price_ok, {stock_ok} AS stock_ok,
           coalesce(carried.n, 0) AS types_n, coalesce(carried.types, '{{}}') AS types
    FROM m LEFT JOIN carried ON carried.product_id = m.id
)
SELECT
    (SELECT count(*) FROM f WHERE {every}),
    (SELECT coalesce(json_agg(id), '[]')
     FROM (SELECT id FROM f WHERE {every} ORDER BY {ordering} LIMIT %s OFFSET %s) AS page),
    (SELECT coalesce(json_object_agg(category_id, n), '{{}}')
     FROM (SELECT category_id, count(*) AS n FROM f WHERE category_id IS NOT NULL AND {but_category}
           GROUP BY category_id) AS c),
    (SELECT coalesce(json_object_agg(attribute_value_id, n), '{{}}')
     FROM (SELECT pa.attribute_value_id, count(*) AS n  -- (product, value) is unique: no DISTINCT needed
           FROM {assignments} pa JOIN f ON f.id = pa.product_id JOIN {values} v ON v.id = pa.attribute_value_id
           WHERE f.category_ok AND f.price_ok AND f.stock_ok
             AND f.types_n - (v.attribute_type_id = ANY(f.types))::int
                 = {types_n} - (v.attribute_type_id = ANY({selected_types}))::int
           GROUP BY pa.attribute_value_id) AS a),
    (SELECT json_build_object({price_ranges}, 'low', min(price), 'high', max(price)) FROM f WHERE {but_price}),
    (SELECT json_build_object('in', count(*) FILTER (WHERE stock > 0), 'out', count(*) FILTER (WHERE stock = 0))
     FROM f WHERE {but_stock})
"""


def _price_range_sql():
    parts, params = [], []
    for key, low, high in PRICE_RANGES:
        conditions = (["price >= %s"] if low is not None else []) + (["price < %s"] if high is not None else [])
        parts.append("%s, count(*) FILTER (WHERE {})".format(" AND ".join(conditions) or "true"))
        params += [key] + [bound for bound in (low, high) if bound is not None]
    return ", ".join(parts), params


class SearchTooBroad(APIException):
    """The fallback could not answer within SEARCH_FALLBACK_TIMEOUT_MS: a query matching
    most of the catalog, which PostgreSQL must read and rank whole (Elasticsearch need not)."""

    status_code = 503
    default_detail = _("Search is answering from its reserve engine and this query is too broad; add words or filters.")
    default_code = "search_too_broad"


def _cancelled(error):
    return isinstance(error.__cause__, QueryCanceled)


def _group_conditions(filters):
    """Each facet group's condition on a match (SQL, params), `true` when it has no filter."""
    category = ("m.category_id = ANY(%s)", [cached_category_tree().descendant_ids(filters.category)]) \
        if filters.category else ("true", [])
    bounds = [(">=", filters.price_min), ("<=", filters.price_max)]
    price = [(f"m.price {operator} %s", value) for operator, value in bounds if value is not None]
    stock = ("(m.stock > 0) = %s", [filters.in_stock]) if filters.in_stock is not None else ("true", [])
    sql = {"category_ok": category[0], "price_ok": " AND ".join(part for part, _ in price) or "true",
           "stock_ok": stock[0]}
    return sql, [*category[1], *(value for _, value in price), *stock[1]]


def _statement(matches_sql, filters, ordering):
    conditions, condition_params = _group_conditions(filters)
    types = [int(type_id) for type_id in filters.attributes]
    attributes_ok = f"types_n = {len(types)}"
    flags = {"category": "category_ok", "price": "price_ok", "stock": "stock_ok"}

    def but(group):
        return " AND ".join([flag for name, flag in flags.items() if name != group] + [attributes_ok])

    price_sql, price_params = _price_range_sql()
    sql = _PAGE_AND_FACETS_SQL.format(
        matches=matches_sql, ordering=ordering, assignments=ProductAttribute._meta.db_table,
        values=AttributeValue._meta.db_table, price_ranges=price_sql, **conditions,
        every=but(None), but_category=but("category"), but_price=but("price"), but_stock=but("stock"),
        types_n=len(types), selected_types="ARRAY[{}]::bigint[]".format(",".join(map(str, types))),
    )
    return sql, condition_params, price_params


def _ordering(params):
    """The ORDER BY of the page (SQL, params): staff's boost and bury rules and shoppers'
    popularity reorder relevance."""
    if params["sort"] == "popular":
        return postgres_popular(params["language"])
    weight = params.get("popularity_weight", 0.0)
    if params["sort"] != "relevance" or not (params.get("rule_boosts") or weight):
        return ORDERINGS[params["sort"]], []
    factor, factor_params = postgres_factor(weight, params["language"]) if weight else ("1.0", [])
    return postgres_relevance(params.get("rule_boosts") or (), factor, factor_params)


def _page_and_facets(params, language, synonyms, every_word, timeout_ms):
    filters = facet_filters(params)
    matches_sql, matches_params = matching_products(params, language, synonyms, every_word).query.sql_with_params()
    ordering, ordering_params = _ordering(params)
    sql, condition_params, price_params = _statement(matches_sql, filters, ordering)
    chosen = [(value_id, type_id) for type_id, values in filters.attributes.items() for value_id in values]
    # The timeout binds this statement only: a SET LOCAL outlives its savepoint and would bind the
    # rest of the request's transaction (ATOMIC_REQUESTS). JIT off: compiling a large plan takes
    # ~0.3 s that no timeout interrupts (measured: a 250 ms budget answered its 503 after 550 ms).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = %s", [max(1, int(timeout_ms))])
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, [*matches_params, [value for value, _ in chosen], [type_id for _, type_id in chosen],
                             *condition_params, *ordering_params, params["limit"], params["offset"],
                             *price_params])
        total, page_ids, categories, attributes, prices, stock = cursor.fetchone()
        cursor.execute("SET LOCAL statement_timeout = DEFAULT; SET LOCAL jit = DEFAULT")
    tree, category_counts = cached_category_tree(), dict[int, int]()
    for category_id, count in categories.items():
        for node in tree.path(int(category_id)):
            category_counts[node.id] = category_counts.get(node.id, 0) + count
    return SearchPage(
        product_ids=page_ids, total=total, backend="postgres", category_counts=category_counts,
        attribute_counts={int(value_id): count for value_id, count in attributes.items()},
        price_counts={key: prices[key] for key, _low, _high in PRICE_RANGES},
        price_low=money(prices["low"]), price_high=money(prices["high"]),
        stock_counts={True: stock["in"], False: stock["out"]},
    )


class FallbackBudget:
    """SEARCH_FALLBACK_TIMEOUT_MS for every fallback statement of one request, however many
    searches it makes, counted from the first of them (not from the request's start: a search
    that waited out Elasticsearch's timeout still gets the whole budget)."""

    def __init__(self):
        self._until: float | None = None

    def ms_left(self) -> float:
        if self._until is None:
            self._until = time.monotonic() + settings.SEARCH_FALLBACK_TIMEOUT_MS / 1000
        return (self._until - time.monotonic()) * 1000


def search_products(*, params: dict, language: str, synonyms=None, budget: FallbackBudget | None = None) -> SearchPage:
    """Every word required; when that finds nothing (first page), any word, reported as
    `relaxed` like Elasticsearch's last retry. Both within `budget` (a new one when not
    given): past it the first statement is a 503 (SearchTooBroad), the retry leaves the
    empty answer."""
    budget = budget or FallbackBudget()
    try:
        page = _page_and_facets(params, language, synonyms, every_word=True, timeout_ms=budget.ms_left())
    except OperationalError as error:
        if _cancelled(error):
            raise SearchTooBroad()
        raise
    text = params["q"]
    left = budget.ms_left()
    if wants_fill(page, params) and left >= MIN_RETRY_MS:  # some every-word matches, fewer than the page holds
        return filled(page, params, read_query(text, language, synonyms=synonyms),
                      lambda _text, fill: _fill_ids(fill, language, synonyms, left))
    if page.total or params["offset"] or left < MIN_RETRY_MS or tsquery(text, language, synonyms) == tsquery(
            text, language, synonyms, every_word=False):
        return page
    try:
        found = _page_and_facets(params, language, synonyms, every_word=False, timeout_ms=left)
    except OperationalError as error:
        if _cancelled(error):
            return page
        raise
    return replace(found, relaxed=True) if found.total else page


def _fill_ids(params, language, synonyms, timeout_ms) -> list[int]:
    """The ids filling a short page (selectors/fill.py); none past the budget."""
    try:
        return _page_and_facets(params, language, synonyms, every_word=True, timeout_ms=timeout_ms).product_ids
    except OperationalError as error:
        if _cancelled(error):
            return []
        raise


def similar_product_ids(*, product, language: str, size: int = 10) -> list[int]:
    """Same category, nearest in price: a plain stand-in for 'more like this'."""
    candidates = Product.objects.filter(is_published=True).exclude(id=product.id)
    if product.category_id:
        candidates = candidates.filter(category_id=product.category_id)
    distance = Func(F("price") - product.price, function="ABS")
    nearest = candidates.annotate(distance=distance).order_by("distance", "id")
    return list(nearest.values_list("id", flat=True)[:size])
