"""Product search, suggestions and similar products in Elasticsearch."""
from dataclasses import replace

from elasticsearch_dsl import Q

from search.clients import request_client
from search.documents import ProductDocument
from search.queries import ALWAYS, read_query, shopper_query
from search.selectors.corrections import corrected_text
from search.selectors.page import PRICE_RANGES, SearchPage
from search.selectors.published import published_hits
from search.selectors.unlisted import unlisted_in_flight_ids

SORT_FIELDS = {
    "relevance": ["_score", {"id": "asc"}],
    "price": [{"price": "asc"}, {"id": "asc"}],
    "-price": [{"price": "desc"}, {"id": "asc"}],
    "newest": [{"created_at": "desc"}, {"id": "desc"}],
}


def _filters(params):
    filters = []
    if params.get("category"):
        filters.append({"term": {"category_path": params["category"]}})
    price = {}
    if params.get("price_min") is not None:
        price["gte"] = float(params["price_min"])
    if params.get("price_max") is not None:
        price["lte"] = float(params["price_max"])
    if price:
        filters.append({"range": {"price": price}})
    if params.get("in_stock") is not None:
        filters.append({"term": {"in_stock": params["in_stock"]}})
    for value_id in params.get("attr", []):
        filters.append({"term": {"attribute_values": value_id}})
    if params.get("exclude_ids"):  # hidden or pinned by a curation (selectors/curated.py)
        filters.append({"bool": {"must_not": [{"ids": {"values": [str(pid) for pid in params["exclude_ids"]]}}]}})
    return filters


def _price_ranges():
    ranges = []
    for key, low, high in PRICE_RANGES:
        bucket = {"key": key}
        if low is not None:
            bucket["from"] = low
        if high is not None:
            bucket["to"] = high
        ranges.append(bucket)
    return ranges


FACETS = {
    "categories": {"terms": {"field": "category_path", "size": 100}},
    "attributes": {"terms": {"field": "attribute_values", "size": 200}},
    "price": {"range": {"field": "price", "ranges": _price_ranges()}},
}


CATEGORY_BOOST = 2.0  # a category the query names (search/understanding): its products first
ATTRIBUTE_BOOST = 2.0


def _boosts(params):
    boosts = []
    if params.get("boost_category"):
        boosts.append({"term": {"category_path": {"value": params["boost_category"], "boost": CATEGORY_BOOST}}})
    for value_id in params.get("boost_attributes", ()):
        boosts.append({"term": {"attribute_values": {"value": value_id, "boost": ATTRIBUTE_BOOST}}})
    return boosts


def product_search_body(query: Q, params: dict) -> dict:
    """The request body for one page of hits for `query` with params' filters, sort and facets.
    Written as plain JSON: elasticsearch-dsl's Search clones itself on every call, which
    cost more than building the whole text query (README "Benchmarks")."""
    matching = {"must": [query.to_dict()]}
    filters = _filters(params)
    if filters:
        matching["filter"] = filters
    boosts = _boosts(params)
    if boosts:
        matching["should"] = boosts
    return {
        "query": {"bool": matching},
        "sort": SORT_FIELDS[params["sort"]],
        "_source": False,
        "from": params["offset"],
        "size": params["limit"],
        "track_total_hits": True,
        "aggs": FACETS,
    }


# Only what a page is made of comes back (ids, the total, facet keys and counts).
PAGE_FILTER_PATH = ["hits.total.value", "hits.hits._id", "aggregations.*.buckets.key",
                    "aggregations.*.buckets.doc_count"]


def _buckets(aggregations, name):
    """An aggregation's buckets; filter_path leaves out an empty one altogether."""
    return aggregations.get(name, {}).get("buckets", [])


def _page(document_class, query, params: dict) -> SearchPage:
    """One page for an Elasticsearch query. The raw response is read directly:
    wrapping hits in DSL/Document objects cost more than the search itself."""
    response = request_client(document_class).search(
        index=document_class._index._name, body=product_search_body(query, params), filter_path=PAGE_FILTER_PATH,
    )
    hits, aggregations = response["hits"], response.get("aggregations", {})
    return SearchPage(
        product_ids=[int(hit["_id"]) for hit in hits.get("hits", [])],
        total=hits["total"]["value"],
        backend="elasticsearch",
        category_counts={int(b["key"]): b["doc_count"] for b in _buckets(aggregations, "categories")},
        attribute_counts={int(b["key"]): b["doc_count"] for b in _buckets(aggregations, "attributes")},
        price_counts={b["key"]: b["doc_count"] for b in _buckets(aggregations, "price")},
    )


def search_products(*, document_class, make_query, params: dict, language: str) -> SearchPage:
    """One page of `document_class` hits for `make_query(text, relaxed=False, prefix=UNFINISHED)`.

    When nothing matches the text as typed (first page only), it is tried
    again, in this order, until something is found: with misspelled words
    corrected; with the last word completed (matched as a beginning: "čiž" for
    čižmy, although "čiž" is a word of its own); with only some of the words
    required. The page says what was done: `corrected_query`, `relaxed` (for
    the last two).
    """
    unlisted = unlisted_in_flight_ids()
    if unlisted:  # the index still has them: counts and facets must not
        params = {**params, "exclude_ids": sorted({*(params.get("exclude_ids") or []), *unlisted})}
    text = params["q"]
    if not text.strip():  # every word was understood as a filter or an order: browse them
        return _page(document_class, Q("match_all"), params)
    page = _page(document_class, make_query(text), params)
    if page.total or params["offset"]:
        return page
    query = read_query(text, language)
    corrected = corrected_text(document_class, query)
    searched = corrected or text
    attempts = [(corrected, {}, {"corrected_query": corrected})] if corrected else []
    if query.words and not query.words[-1].prefix:
        attempts.append((searched, {"prefix": ALWAYS}, {"corrected_query": corrected, "relaxed": True}))
    if len(query.words) > 1:  # one word: "only some of the words" is the search already made
        attempts.append((searched, {"relaxed": True}, {"corrected_query": corrected, "relaxed": True}))
    for attempt, options, outcome in attempts:
        found = _page(document_class, make_query(attempt, **options), params)
        if found.total:
            return replace(found, **outcome)
    return page


def suggest_body(query, language: str, size: int) -> dict:
    """Titles of products matching every word of a read query (the last as a beginning)."""
    return {"query": shopper_query(query, words_to_match="100%", texts=("title",)).to_dict(),
            "_source": [f"title.{language}"], "size": size * 2}


SUGGEST_FILTER_PATH = ["hits.hits._id", "hits.hits._source"]


def suggest_titles(*, prefix: str, language: str, size: int = 10) -> list[str]:
    """Titles matching every word typed, the last one as a beginning; read from the index,
    shown only for products PostgreSQL says are published."""
    query = read_query(prefix, language, prefix=ALWAYS)
    if query.is_empty:
        return []
    response = request_client(ProductDocument).search(
        index=ProductDocument._index._name, body=suggest_body(query, language, size), filter_path=SUGGEST_FILTER_PATH,
    )
    titles = []
    for hit in published_hits(response.get("hits", {}).get("hits", [])):
        title = hit["_source"].get("title", {}).get(language)
        if title and title not in titles:
            titles.append(title)
    return titles[:size]


def similar_product_ids(*, product_id: int, language: str, size: int = 10) -> list[int]:
    names = ("title", "short_description", "attribute_list", "category_name")
    fields = [f"{name}.{language}" for name in names]
    like = {"_index": ProductDocument._index._name, "_id": str(product_id)}
    query = Q("more_like_this", fields=fields, like=[like], min_term_freq=1, min_doc_freq=1,
              max_query_terms=40, minimum_should_match="30%")
    body = {"query": query.to_dict(), "_source": False, "size": size}
    response = request_client(ProductDocument).search(index=ProductDocument._index._name, body=body)
    return [int(hit["_id"]) for hit in response["hits"]["hits"]]
