"""Facets of one Elasticsearch search: a `post_filter` and `filter` aggregations.

The query keeps what applies to every count: the text, and the products a
curation or an unpublish in flight leaves out. The facet groups' filters
(selectors/facet_filters.py) are the `post_filter`: they narrow the hits, not
the aggregations. A group with a filter of its own gets one `filter`
aggregation holding every other active filter around its terms/range
aggregation, so a selected colour's siblings keep their true counts; the
groups without one share a single aggregation holding every active filter
(at the top level when none is active). One request whatever the selection.
"""
from products.category_tree import CategoryTree
from search.selectors.facet_filters import (
    CATEGORY,
    IN_STOCK,
    PRICE,
    AttributeIndex,
    FacetFilters,
    attribute_group,
)
from search.selectors.page import PRICE_RANGES, money

SHARED = "all"  # the aggregation holding every active filter
MIN_ATTRIBUTE_BUCKETS = 200


def _price_ranges():
    ranges = []
    for key, low, high in PRICE_RANGES:
        bucket: dict[str, str | int] = {"key": key}
        if low is not None:
            bucket["from"] = low
        if high is not None:
            bucket["to"] = high
        ranges.append(bucket)
    return ranges


def _clauses(filters: FacetFilters) -> dict:
    """{group: its Elasticsearch filter} for the groups with an active filter."""
    found: dict[str, dict] = {}
    if filters.category:
        found[CATEGORY] = {"term": {"category_path": filters.category}}
    if filters.has_price:
        price: dict[str, float] = {}
        if filters.price_min is not None:
            price["gte"] = float(filters.price_min)
        if filters.price_max is not None:
            price["lte"] = float(filters.price_max)
        found[PRICE] = {"range": {"price": price}}
    if filters.in_stock is not None:
        found[IN_STOCK] = {"term": {"in_stock": filters.in_stock}}
    for type_id, values in filters.attributes.items():  # any of the type's selected values
        found[attribute_group(type_id)] = {"terms": {"attribute_values": list(values)}}
    return found


def _all_of(clauses):
    return {"bool": {"filter": list(clauses)}}


def post_filter(filters: FacetFilters):
    clauses = _clauses(filters)
    return _all_of(clauses.values()) if clauses else None


def counted_categories(filters: FacetFilters, tree: CategoryTree) -> list[int]:
    """The categories the facet shows: the selected one's path and children, or the top level."""
    if not filters.category:
        return [category.id for category in tree.children(None)]
    return [node.id for node in tree.path(filters.category)] + [
        child.id for child in tree.children(filters.category)]


def _facet(group, filters, tree, index):
    """The aggregations that count one group (a category, price or attribute type)."""
    if group == CATEGORY:
        ids = counted_categories(filters, tree)
        return {"categories": {"terms": {"field": "category_path", "include": ids, "size": len(ids)}}} if ids else {}
    if group == PRICE:
        return {"ranges": {"range": {"field": "price", "ranges": _price_ranges()}},
                "price_low": {"min": {"field": "price"}}, "price_high": {"max": {"field": "price"}}}
    if group == IN_STOCK:
        return {"stock": {"terms": {"field": "in_stock", "size": 2}}}
    type_id = int(group.split(":", 1)[1])
    values = sorted({*index.values_of.get(type_id, []), *filters.attributes[type_id]})
    return {"values": {"terms": {"field": "attribute_values", "include": values, "size": len(values)}}}


def facet_aggs(filters: FacetFilters, tree: CategoryTree, index: AttributeIndex) -> dict:
    clauses = _clauses(filters)
    shared = {}
    for group in (CATEGORY, PRICE, IN_STOCK):
        if group not in clauses:
            shared.update(_facet(group, filters, tree, index))
    # Every value of the types without a selection (those of the others are read from their own).
    shared["attributes"] = {"terms": {"field": "attribute_values",
                                      "size": max(MIN_ATTRIBUTE_BUCKETS, len(index.type_of))}}
    if not clauses:
        return shared
    aggs = {SHARED: {"filter": _all_of(clauses.values()), "aggs": shared}}
    for group in clauses:
        counted = _facet(group, filters, tree, index)
        if counted:
            others = [clause for name, clause in clauses.items() if name != group]
            aggs[group] = {"filter": _all_of(others), "aggs": counted}
    return aggs


def _buckets(scope, name):
    """An aggregation's buckets; filter_path leaves out an empty one altogether."""
    return scope.get(name, {}).get("buckets", [])


def _id_counts(scope, name):
    return {int(bucket["key"]): bucket["doc_count"] for bucket in _buckets(scope, name)}


def read_facets(aggregations: dict, filters: FacetFilters, index: AttributeIndex) -> dict:
    """SearchPage's facet fields from the response's aggregations."""
    active = set(filters.groups)
    shared = aggregations.get(SHARED, {}) if active else aggregations

    def scope(group):
        return aggregations.get(group, {}) if group in active else shared

    attributes = {value_id: count for value_id, count in _id_counts(shared, "attributes").items()
                  if index.type_of.get(value_id) not in filters.attributes}
    for type_id in filters.attributes:
        attributes.update(_id_counts(scope(attribute_group(type_id)), "values"))
    prices = scope(PRICE)
    return {
        "category_counts": _id_counts(scope(CATEGORY), "categories"),
        "attribute_counts": attributes,
        "price_counts": {bucket["key"]: bucket["doc_count"] for bucket in _buckets(prices, "ranges")},
        "price_low": money(prices.get("price_low", {}).get("value")),
        "price_high": money(prices.get("price_high", {}).get("value")),
        "stock_counts": {bool(bucket["key"]): bucket["doc_count"] for bucket in _buckets(scope(IN_STOCK), "stock")},
    }
