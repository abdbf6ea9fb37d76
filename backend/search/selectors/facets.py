"""Facet counts from a search page, with names, in the response's shape."""
from search.selectors.facet_labels import facet_labels
from search.selectors.page import PRICE_RANGES


def labelled_facets(page, language):
    labels = facet_labels(language)

    def buckets(counts, names):
        rows = [
            {"id": key, "label": names.get(key, str(key)), "count": count}
            for key, count in counts.items() if count
        ]
        return sorted(rows, key=lambda row: (-row["count"], row["label"]))

    return {
        "categories": buckets(page.category_counts, labels["categories"]),
        "attributes": buckets(page.attribute_counts, labels["attributes"]),
        "price": [
            {"key": key, "label": key.replace("-", " – ").rstrip(" – ") + ("+" if high is None else ""),
             "count": page.price_counts.get(key, 0)}
            for key, low, high in PRICE_RANGES
        ],
    }
