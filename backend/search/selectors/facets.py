"""Facet counts from a search page, with names and what is selected, in the response's shape.

    categories  {"selected": id|null, "path": [bucket, ...], "children": [bucket, ...]}
                the selected category's path from the root (itself last) and its
                subcategories, or the top level when none is selected
    attributes  [{"id": type id, "label": "Barva", "values": [bucket + "selected", ...]}, ...]
                one group per attribute type, types and values in the catalog's order
    price       {"min", "max", "ranges": [{"key", "label", "count", "selected"}, ...]}
    in_stock    [{"value": true|false, "count", "selected"}, ...]

A bucket is {"id", "label", "count"}. Every count is taken with every active
filter but its own group's (selectors/facet_filters.py); buckets counting
nothing are left out unless selected, the price ranges never.
"""
from decimal import Decimal

from products.category_tree import cached_category_tree
from search.selectors.facet_filters import UNKNOWN_TYPE, attribute_index, facet_filters
from search.selectors.facet_labels import facet_labels
from search.selectors.page import PRICE_RANGES

CENT = Decimal("0.01")


def _categories(page, filters, labels):
    tree, counts = cached_category_tree(), page.category_counts

    def bucket(category):
        return {"id": category.id, "label": labels.get(category.id, str(category.id)),
                "count": counts.get(category.id, 0)}

    path = tree.path(filters.category) if filters.category else []
    children = [bucket(child) for child in tree.children(filters.category or None) if counts.get(child.id)]
    return {"selected": filters.category, "path": [bucket(node) for node in path], "children": children}


def _attributes(page, filters, labels):
    index, counts = attribute_index(), page.attribute_counts
    types = [*index.values_of, *(t for t in filters.attributes if t not in index.values_of and t != UNKNOWN_TYPE)]
    groups = []
    for type_id in types:
        selected = set(filters.attributes.get(type_id, ()))
        known = index.values_of.get(type_id, [])
        values = [
            {"id": value_id, "label": labels["values"].get(value_id, str(value_id)),
             "count": counts.get(value_id, 0), "selected": value_id in selected}
            for value_id in [*known, *sorted(selected - set(known))]
            if counts.get(value_id) or value_id in selected
        ]
        if values:
            groups.append({"id": type_id, "label": labels["types"].get(type_id, str(type_id)), "values": values})
    return groups


def _is_selected(filters, low, high):
    """The price filter is exactly this range (its upper end is exclusive: prices have cents)."""
    if not filters.has_price or (filters.price_min or 0) != (low or 0):
        return False
    return filters.price_max is None if high is None else filters.price_max == Decimal(high) - CENT


def _price(page, filters):
    def text(value):
        return None if value is None else str(value)

    return {
        "min": text(page.price_low),
        "max": text(page.price_high),
        "ranges": [
            {"key": key, "label": key.replace("-", " – ").rstrip(" – ") + ("+" if high is None else ""),
             "count": page.price_counts.get(key, 0), "selected": _is_selected(filters, low, high)}
            for key, low, high in PRICE_RANGES
        ],
    }


def labelled_facets(page, language, params):
    filters, labels = facet_filters(params), facet_labels(language)
    return {
        "categories": _categories(page, filters, labels["categories"]),
        "attributes": _attributes(page, filters, labels),
        "price": _price(page, filters),
        "in_stock": [{"value": value, "count": page.stock_counts.get(value, 0), "selected": filters.in_stock is value}
                     for value in (True, False)],
    }
