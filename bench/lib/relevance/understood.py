"""(u), (u-text), (u-boost): the shop's search with the query understood, as the view does it
(search.apis.base understood_search), one variant per ATTRIBUTE_RULE; and how an applied
understood item can contradict the judgment.

Each reads the index (d) built and calls understand() and applied_params() with its rule,
then the same selector as (d); when the understood filters leave nothing, the search is
made again as typed (`dropped`).
"""
from lib.relevance.variants import SIZE, Ours, WithPopularity

RULES = {"u": "filter", "u-text": "filter_and_text", "u-boost": "boost"}
NAMES = {
    "u": "(u) understood, attribute words filter",
    "u-text": "(u-text) understood, attribute words filter and stay in the text",
    "u-boost": "(u-boost) understood, attribute words boost",
}
FILTERING_RULES = ("filter", "filter_and_text")


class UnderstoodSearch(Ours):
    def __init__(self, key):
        super().__init__(key, NAMES[key])
        self.rule = RULES[key]

    def build(self, client, documents):
        pass

    def understood(self, text, language):
        """(params as typed, params searched, the understood items applied)."""
        from search.understanding import applied_params, understand

        params = self.params(text)
        understanding = understand(text, language, attribute_rule=self.rule)
        searched, applied = applied_params(params, set(), understanding, language, attribute_rule=self.rule)
        return params, searched, applied

    def search(self, client, text, language):
        params, searched, applied = self.understood(text, language)
        page = self.page(searched if applied else params, language)
        dropped = bool(applied) and not page.total
        if dropped:
            page = self.page(params, language)
        return {"ids": page.product_ids, "total": page.total, "corrected": page.corrected_query,
                "relaxed": page.relaxed, "dropped": dropped, "applied": [] if dropped else list(applied),
                "understood": [describe(item) for item in applied]}

    def body(self, text, language):
        """The first search's body (filters, order, boosts), without facets, for the cost table."""
        from search.queries import product_text_query
        from search.selectors.elastic import product_search_body

        _, searched, _ = self.understood(text, language)
        words = searched["q"]
        query = product_text_query(words, language, weights=self.weights) if words.strip() else {"match_all": {}}
        body = product_search_body(query, {**searched, "offset": 0, "limit": SIZE})
        body.pop("aggs")
        return body


def describe(item):
    value = item.value if item.value is None or isinstance(item.value, str) else str(item.value)
    return {"kind": item.kind, "text": item.text, "value": value, "label": item.label}


def wrong_items(query, applied, rule, relevant):
    """The applied items that contradict the judgment: a price limit or an attribute filter
    that leaves out a product the query grades 2 or 3 (before any order), or an order the
    query does not ask for. `relevant`: the catalog's products graded 2 or 3 that way."""
    wrong = []
    attributes = {}
    for item in applied:
        if item.kind == "price_min" and any(p.price < float(item.value) for p in relevant):
            wrong.append(item)
        elif item.kind == "price_max" and any(p.price > float(item.value) for p in relevant):
            wrong.append(item)
        elif item.kind == "sort" and item.value != query.sort:
            wrong.append(item)
        elif item.kind == "attribute" and rule in FILTERING_RULES:
            attributes.setdefault(item.type_id, []).append(item)
    for items in attributes.values():  # values of one type: any of them (attr= is OR within a type)
        ids = {item.id for item in items}
        if any(not p.values & ids for p in relevant):
            wrong += items
    return [describe(item) for item in wrong]


def missed(query, applied):
    """What the query asks for that was not applied: its price limits and its order."""
    kinds = {item.kind for item in applied}
    asked = [kind for kind in ("price_min", "price_max") if getattr(query, kind) is not None]
    return [kind for kind in asked + (["sort"] if query.sort else []) if kind not in kinds]


def all_understood():
    return [UnderstoodSearch(key) for key in RULES]


class PopularUnderstood(WithPopularity, UnderstoodSearch):
    """(u) with shoppers' popularity."""

    def __init__(self, key, name):
        super().__init__("u")
        self.key, self.name = key, name
