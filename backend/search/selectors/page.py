"""What one search returns, whichever backend answered."""
from dataclasses import dataclass, field

# Price facet buckets: (key, from, to); `to` is exclusive, None is open.
PRICE_RANGES = [
    ("0-500", None, 500), ("500-1000", 500, 1000), ("1000-2000", 1000, 2000),
    ("2000-5000", 2000, 5000), ("5000-", 5000, None),
]


@dataclass
class SearchPage:
    product_ids: list
    total: int
    backend: str
    category_counts: dict = field(default_factory=dict)
    attribute_counts: dict = field(default_factory=dict)
    price_counts: dict = field(default_factory=dict)
    # Set when nothing matched as typed: the spelling the results are for, and
    # whether only some of the words had to match.
    corrected_query: str | None = None
    relaxed: bool = False
