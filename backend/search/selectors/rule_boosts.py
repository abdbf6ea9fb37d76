"""Staff's boost and bury rules (search/rule_actions.py) as each backend ranks them.

Both multiply a product's relevance by every matching rule's factor (boost:
1 + strength, bury: 1 / (1 + strength)), the product capped at MAX_FACTOR:
products are reordered, never hidden or filtered out. Elasticsearch: a
`function_score` around the whole query; PostgreSQL: the same product of
factors in the fallback statement's relevance ordering. With no boost the
request and the statement are exactly what they were without rules.
"""
from products.category_tree import cached_category_tree
from products.models import ProductAttribute
from search.models import Rule
from search.search_rule import MAX_STRENGTH

MAX_FACTOR = 1.0 + MAX_STRENGTH


def _elastic_filter(boost):
    if boost.target == Rule.CATEGORY:  # category_path holds every ancestor: subcategories included
        return {"term": {"category_path": boost.category_id}}
    if boost.target == Rule.ATTRIBUTE:
        return {"term": {"attribute_values": boost.attribute_value_id}}
    if boost.target == Rule.STOCK:
        return {"term": {"in_stock": bool(boost.in_stock)}}
    bounds = {"gte": boost.price_min, "lte": boost.price_max}
    return {"range": {"price": {key: value for key, value in bounds.items() if value is not None}}}


def elastic_scored(query: dict, boosts) -> dict:
    """`query` with its scores multiplied by the boosts' factors."""
    if not boosts:
        return query
    functions = [{"filter": _elastic_filter(boost), "weight": boost.factor} for boost in boosts]
    return {"function_score": {"query": query, "functions": functions, "score_mode": "multiply",
                               "boost_mode": "multiply", "max_boost": MAX_FACTOR}}


def _postgres_condition(boost):
    """(SQL on the statement's `f` row, params)."""
    if boost.target == Rule.CATEGORY:
        return "f.category_id = ANY(%s)", [cached_category_tree().descendant_ids(boost.category_id)]
    if boost.target == Rule.ATTRIBUTE:
        table = ProductAttribute._meta.db_table
        return (f"EXISTS (SELECT 1 FROM {table} ra WHERE ra.product_id = f.id AND ra.attribute_value_id = %s)",
                [boost.attribute_value_id])
    if boost.target == Rule.STOCK:
        return "(f.stock > 0) = %s", [bool(boost.in_stock)]
    parts, params = [], []
    for operator, value in ((">=", boost.price_min), ("<=", boost.price_max)):
        if value is not None:
            parts.append(f"f.price {operator} %s")
            params.append(value)
    return " AND ".join(parts), params


def postgres_factor(boosts) -> tuple[str, list]:
    """The product of the boosts' factors for a match, as SQL with its params."""
    parts, params = [], []
    for boost in boosts:
        condition, condition_params = _postgres_condition(boost)
        parts.append(f"(CASE WHEN {condition} THEN %s::float8 ELSE 1.0 END)")
        params += [*condition_params, boost.factor]
    return f"LEAST(%s::float8, {' * '.join(parts)})", [MAX_FACTOR, *params]


def postgres_relevance(boosts, other="1.0", other_params=()) -> tuple[str, list]:
    """The fallback's relevance ordering with the boosts (a browse has no score: 1), times
    `other` (SQL with `other_params`: popularity's factor)."""
    factor, params = postgres_factor(boosts) if boosts else ("1.0", [])
    # score::float8: a search of only a SKU has no ranked branch, and its NULL score is typed text
    return f"exact_sku DESC, coalesce(score::float8, 1.0) * {factor} * {other} DESC, id", [*params, *other_params]
