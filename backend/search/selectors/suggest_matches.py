"""What each backend finds for a keystroke: the same shape from Elasticsearch and PostgreSQL."""
from dataclasses import dataclass, field

TITLES = 10  # `suggestions`, as before
PRODUCTS = 5
CATEGORIES_COUNTED = 20


@dataclass(frozen=True)
class SuggestMatches:
    titles: list = field(default_factory=list)  # published products' titles having every word, best first
    products: list = field(default_factory=list)  # published_product_previews of the best, in order
    category_counts: dict = field(default_factory=dict)  # own category -> matching products in it
    named_counts: dict = field(default_factory=dict)  # a category the text names -> published products in it or below


def subtree_counts(named_ids, tree, counts_by_category) -> dict:
    """{named category: the sum of `counts_by_category` over it and its descendants}, non-zero only."""
    totals = {}
    for category_id in named_ids:
        total = sum(counts_by_category.get(node, 0) for node in tree.descendant_ids(category_id))
        if total:
            totals[category_id] = total
    return totals
