"""What one search returns, whichever backend answered."""
from dataclasses import dataclass, field
from decimal import Decimal

# Price facet buckets: (key, from, to); `to` is exclusive, None is open.
PRICE_RANGES = [
    ("0-500", None, 500), ("500-1000", 500, 1000), ("1000-2000", 1000, 2000),
    ("2000-5000", 2000, 5000), ("5000-", 5000, None),
]


def money(value) -> Decimal | None:
    """A price as the catalog stores it (two decimals); Elasticsearch keeps doubles."""
    return None if value is None else Decimal(str(round(float(value), 2))).quantize(Decimal("0.01"))


@dataclass
class SearchPage:
    """Facet counts are each taken with every active filter but their own group's
    (search/selectors/facet_filters.py): a category's with its subcategories."""

    product_ids: list
    total: int
    backend: str
    category_counts: dict = field(default_factory=dict)  # category id -> count
    attribute_counts: dict = field(default_factory=dict)  # value id -> count
    price_counts: dict = field(default_factory=dict)  # PRICE_RANGES key -> count
    price_low: Decimal | None = None  # the cheapest and dearest of those products
    price_high: Decimal | None = None
    stock_counts: dict = field(default_factory=dict)  # True (in stock) / False -> count
    # Set when nothing matched as typed: the spelling the results are for, and
    # whether only some of the words had to match.
    corrected_query: str | None = None
    relaxed: bool = False
    # A short first page filled after its all-word matches (selectors/fill.py): those products'
    # ids (the end of product_ids) and the words they were not required to match.
    filled_ids: tuple = ()
    filled_without: tuple = ()
    cache: str = ""  # Elasticsearch's answer from the cache: hit, miss, bypass (selectors/answer_cache.py)
    # The products unlisted in flight this answer left out, when the view is to check them against
    # PostgreSQL's with the rows (selectors/unlisted.py); None: nothing to check (PostgreSQL or the
    # answer cache answered).
    unlisted: tuple | None = None
