"""Shoppers' clicks (search/popularity.py) as each backend ranks with them.

Relevance order multiplies a product's score by 1 + weight x its popularity (0..1; a
product without evidence counts as average, 0.5): bounded, so a product rises at most
1 + weight times over another, never over a match that much better. Elasticsearch: a
`function_score` around the whole query; PostgreSQL: the same factor in the fallback's
ordering. `sort=popular` orders by popularity, then relevance. With no weight the request
and the statement are exactly what they were before popularity.
"""
from search.models import ProductPopularity
from search.popularity import AVERAGE


def field(language: str) -> str:
    return f"popularity.{language}"


def elastic_boosted(query: dict, weight: float, language: str) -> dict:
    """`query` with its scores multiplied by 1 + weight x popularity."""
    if not weight:
        return query
    # `missing` also covers an index made before the field (its mapping has none yet).
    popularity = {"field_value_factor": {"field": field(language), "factor": weight, "missing": AVERAGE}}
    return {"function_score": {"query": query, "functions": [popularity, {"weight": 1.0}],
                               "score_mode": "sum", "boost_mode": "multiply"}}


def elastic_sort(language: str) -> list:
    return [{field(language): {"order": "desc", "missing": AVERAGE, "unmapped_type": "float"}},
            "_score", {"id": "asc"}]


_POPULARITY = (f"coalesce((SELECT pp.score FROM {ProductPopularity._meta.db_table} pp "
               "WHERE pp.product_id = f.id AND pp.language = %s), %s::float8)")


def postgres_factor(weight: float, language: str) -> tuple[str, list]:
    """1 + weight x popularity of the statement's `f` row, as SQL with its params."""
    return f"(1.0 + %s::float8 * {_POPULARITY})", [weight, language, AVERAGE]


def postgres_popular(language: str) -> tuple[str, list]:
    """The fallback's `sort=popular` ordering."""
    return f"{_POPULARITY} DESC, exact_sku DESC, score DESC NULLS LAST, id", [language, AVERAGE]
