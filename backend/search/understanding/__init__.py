"""What a shopper's query asks for beyond its words: price limits, an order, attribute
values and a category, read from the text and applied as filters, a sort and a boost.

    understand("červené boty do 1500 Kč", "cs")
    -> text "boty", understood: price_max 1500 ("do 1500 Kč"), attribute Barva: červená
       ("červené"), category Boty a tenisky ("boty", a boost: the word stays searched)

A price or an order is only a constraint, so its words leave the full-text
part; an attribute value filters and leaves it too (ATTRIBUTE_RULES: the
relevance benchmark compares the rules). Explicit parameters win: an understood
limit, order or attribute type the request already sets is not applied.
"""
from dataclasses import dataclass

from search.text import words
from search.understanding.prices import read_prices
from search.understanding.sorts import cut, read_sort
from search.understanding.vocabulary import keys, vocabulary

# What an attribute value named in the query does: filter (its word left out of the
# text), filter_and_text (kept in the text too), boost (no filter; matching products first).
ATTRIBUTE_RULES = ("filter", "filter_and_text", "boost")
# Ranks best in `make relevance` (intent nDCG@10 0.900 against 0.859 for the other two: a
# colour word kept in the text outweighs the noun).
ATTRIBUTE_RULE = "filter"


@dataclass(frozen=True)
class Understood:
    kind: str  # price_min, price_max, sort, attribute, category
    text: str  # the words of the query it was read from
    value: object = None  # a price, a sort
    id: int | None = None  # an attribute value, a category
    label: str | None = None
    type_id: int | None = None

    @property
    def key(self):
        """What `skip=` names it by: price_min, price_max, sort, attribute:<id>, category:<id>."""
        return f"{self.kind}:{self.id}" if self.id is not None else self.kind


@dataclass(frozen=True)
class Understanding:
    text: str  # the words left for the full-text query
    understood: tuple = ()


def understand(text: str, language: str, attribute_rule: str = ATTRIBUTE_RULE, skip=()) -> Understanding:
    """`skip`: keys (Understood.key) the shopper undid; their words are read as words."""
    skip = set(skip)
    prices, rest = read_prices(text)
    if skip & {"price_min", "price_max"}:
        prices, rest = {}, text
    found = [Understood(kind, phrase, value=value) for kind, (value, phrase) in prices.items()]
    sort = read_sort(rest, language)
    if sort and "sort" not in skip:
        found.append(Understood("sort", sort[1], value=sort[0]))
        rest = cut(rest, sort[1])
    terms = vocabulary(language)
    category = None
    for word in words(rest):
        word_keys = keys(word, language)
        attribute = next((term for key in sorted(word_keys) for term in terms["attribute"].get(key, ())
                          if f"attribute:{term.id}" not in skip), None)
        if attribute:  # two of one type ("modré a černé") are either: attr= is OR within a type
            found.append(Understood("attribute", word, id=attribute.id, label=attribute.label,
                                    type_id=attribute.type_id))
            if attribute_rule == "filter":
                rest = cut(rest, word)
            continue
        named = next((term for key in sorted(word_keys) for term in terms["category"].get(key, ())
                      if f"category:{term.id}" not in skip), None)
        if named and category is None:
            category = named
            found.append(Understood("category", word, id=named.id, label=named.label))
    return Understanding(rest, tuple(found))


def applied_params(params: dict, explicit: set, understanding: Understanding, language: str,
                   attribute_rule=ATTRIBUTE_RULE):
    """(search params, what was applied): `params` with the understood text, limits, order,
    attributes and category boost, except what the request set itself (`explicit` names)."""
    applied, searched = [], {**params, "q": understanding.text}
    value_types = vocabulary(language)["value_types"]
    explicit_types = {value_types.get(value_id) for value_id in params.get("attr", ())}
    for item in understanding.understood:
        if item.kind in ("price_min", "price_max", "sort") and item.kind not in explicit:
            searched[item.kind] = item.value
        elif item.kind == "attribute" and item.type_id not in explicit_types:
            if attribute_rule == "boost":
                searched["boost_attributes"] = [*searched.get("boost_attributes", []), item.id]
            else:
                searched["attr"] = sorted({*searched.get("attr", []), item.id})
        elif item.kind == "category" and "category" not in explicit:
            searched["boost_category"] = item.id
        else:
            continue
        applied.append(item)
    low, high = searched.get("price_min"), searched.get("price_max")
    if low is not None and high is not None and low > high:  # an explicit limit and an understood one
        return {**params}, []
    return searched, applied
