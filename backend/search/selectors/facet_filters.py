"""A search's filters as facet groups, read the same way by both backends.

Each facet group is one filter: the category, the price range, in stock, and
one per attribute type. Selected values of one type are alternatives (red OR
blue); the groups must all hold (a colour AND a material). A group's counts
are taken with every other active filter but its own, so a selected value's
siblings keep their true counts. Which type a value belongs to is read once
per process (at most TTL_SECONDS old, dropped with the facet labels when an
attribute is saved); a value the copy does not know yet is looked up.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from common.process_cache import TimedCache
from products.models import AttributeType, AttributeValue

CATEGORY, PRICE, IN_STOCK = "category", "price", "in_stock"
UNKNOWN_TYPE = 0  # ids that are no attribute value: their own group, which no product passes
TTL_SECONDS = 60
_index = TimedCache(TTL_SECONDS)


@dataclass(frozen=True)
class AttributeIndex:
    type_of: dict  # value id -> type id
    values_of: dict  # type id -> [value ids], types and values in the catalog's order


def _load_index():
    values_of: dict[int, list[int]] = {type_id: [] for type_id in AttributeType.objects.values_list("id", flat=True)}
    type_of = {}
    for value_id, type_id in AttributeValue.objects.values_list("id", "attribute_type_id"):
        type_of[value_id] = type_id
        values_of.setdefault(type_id, []).append(value_id)
    return AttributeIndex(type_of=type_of, values_of=values_of)


def attribute_index() -> AttributeIndex:
    return _index.get("index", _load_index)


def forget_attribute_index():
    _index.forget()


def attribute_group(type_id) -> str:
    """The facet group of an attribute type (also its aggregation's name in Elasticsearch)."""
    return f"attr:{type_id}"


@dataclass(frozen=True)
class FacetFilters:
    category: int | None = None
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    in_stock: bool | None = None
    attributes: dict = field(default_factory=dict)  # type id -> (value id, ...), in the types' order

    @property
    def has_price(self):
        return self.price_min is not None or self.price_max is not None

    @property
    def groups(self) -> list[str]:
        """The groups with an active filter of their own."""
        active = [CATEGORY] if self.category else []
        active += [PRICE] if self.has_price else []
        active += [IN_STOCK] if self.in_stock is not None else []
        return active + [attribute_group(type_id) for type_id in self.attributes]

    @property
    def value_ids(self):
        return {value_id for values in self.attributes.values() for value_id in values}


def _grouped(value_ids) -> dict:
    index = attribute_index()
    missing = [value_id for value_id in value_ids if value_id not in index.type_of]
    found = {}
    if missing:  # saved in another process since this one read the index
        found = dict(AttributeValue.objects.filter(id__in=missing).values_list("id", "attribute_type_id"))
    groups: dict[int, list[int]] = {}
    for value_id in sorted(value_ids):
        type_id = index.type_of.get(value_id) or found.get(value_id, UNKNOWN_TYPE)
        groups.setdefault(type_id, []).append(value_id)
    order = {type_id: position for position, type_id in enumerate(index.values_of)}
    ranked = sorted(groups, key=lambda type_id: (type_id == UNKNOWN_TYPE, order.get(type_id, len(order)), type_id))
    return {type_id: tuple(groups[type_id]) for type_id in ranked}


def facet_filters(params) -> FacetFilters:
    """The filters of validated search params (cheap: the index is cached)."""
    return FacetFilters(
        category=params.get("category"), price_min=params.get("price_min"), price_max=params.get("price_max"),
        in_stock=params.get("in_stock"), attributes=_grouped(params.get("attr") or []),
    )
