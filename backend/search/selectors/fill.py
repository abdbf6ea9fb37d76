"""A short first page filled by dropping the query's modifiers, the same for both backends.

Every word is required ("linen placemats": the placemats made of linen), so a
first page can hold fewer products than its limit while the catalog has more
of what the shopper named: placemats of other materials. Such a page is filled,
after every all-word match, with the products that match the query without its
modifiers: words the catalog knows as an attribute value (a material, a colour:
search/understanding/vocabulary.py), by themselves, their lemmas or their word
family ("len" for "lněná"). Never dropped: a word that names a category (the
kind of product), the last word left; and nothing is filled for a query with a
digit (a model number or SKU: "Vltava-549", "hrnek nova655" want that product,
not its neighbours). Filling padded with any one word was measured and left
out: it filled model-number searches with 70-90 % other products.

The page says what it did (SearchPage.filled_ids, .filled_without); `total` and
the facets still count the all-word matches only.
"""
from dataclasses import replace

from search.queries import ShopperQuery
from search.understanding.vocabulary import keys, vocabulary


def _names(word, language, terms) -> bool:
    return any(key in terms for key in keys(word.text, language)) or any(
        key in terms for lemma in word.family for key in keys(lemma, language))


def fill_words(query: ShopperQuery) -> tuple[str, tuple[str, ...]] | None:
    """(the text searched to fill a short page, the words dropped from it), or None when
    the query has no modifier to drop (see the module's text)."""
    words = query.words
    if len(words) < 2 or any(char.isdigit() for char in query.text):
        return None
    terms = vocabulary(query.language)
    attributes, categories = terms["attribute"], terms["category"]
    dropped = [word for word in words
               if _names(word, query.language, attributes) and not _names(word, query.language, categories)]
    kept = [word.text for word in words if word not in dropped]
    if not dropped or not kept:
        return None
    return " ".join(kept), tuple(word.text for word in dropped)


def wants_fill(page, params) -> bool:
    """A first page with some all-word matches, but fewer than its limit."""
    return not params["offset"] and 0 < page.total < params["limit"]


def filled(page, params, query: ShopperQuery, find_ids):
    """`page` filled when it is short and `query` has modifiers: `find_ids(text, params)` is the
    backend's search for the ids of the first page of `text` under `params` (the same filters,
    the shown products left out, the limit what is missing)."""
    fill = fill_words(query) if wants_fill(page, params) else None
    if fill is None:
        return page
    text, dropped = fill
    shown = [*(params.get("exclude_ids") or []), *page.product_ids]
    rest = {**params, "q": text, "offset": 0, "limit": params["limit"] - len(page.product_ids),
            "exclude_ids": sorted(set(shown))}
    ids = find_ids(text, rest) if rest["limit"] > 0 else []
    if not ids:
        return page
    return replace(page, product_ids=[*page.product_ids, *ids], filled_ids=tuple(ids), filled_without=dropped)
