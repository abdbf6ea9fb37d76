"""Product search and similar products in Elasticsearch (suggest: elastic_suggest.py)."""
from dataclasses import replace

from django.conf import settings

from products.category_tree import cached_category_tree
from search.clients import request_client
from search.documents import ProductDocument
from search.queries import ALWAYS, read_query
from search.selectors.answer_cache import answer_key, cached_answer
from search.selectors.corrections import corrected_text
from search.selectors.elastic_facets import facet_aggs, post_filter, read_facets
from search.selectors.facet_filters import attribute_index, facet_filters
from search.selectors.fill import filled, wants_fill
from search.selectors.page import SearchPage
from search.selectors.popularity_order import elastic_boosted, elastic_sort
from search.selectors.rule_boosts import elastic_scored
from search.selectors.unlisted import unlisted_in_flight_ids

SORT_FIELDS = {
    "relevance": ["_score", {"id": "asc"}],
    "price": [{"price": "asc"}, {"id": "asc"}],
    "-price": [{"price": "desc"}, {"id": "asc"}],
    "newest": [{"created_at": "desc"}, {"id": "desc"}],
}


CATEGORY_BOOST = 5.0  # a category the query names (search/understanding): its products first (2.0: cs intent 0.862)
ATTRIBUTE_BOOST = 2.0


def _boosts(params):
    boosts = []
    if params.get("boost_category"):
        boosts.append({"term": {"category_path": {"value": params["boost_category"], "boost": CATEGORY_BOOST}}})
    for value_id in params.get("boost_attributes", ()):
        boosts.append({"term": {"attribute_values": {"value": value_id, "boost": ATTRIBUTE_BOOST}}})
    return boosts


def _sort(params):
    if params["sort"] == "popular":
        return elastic_sort(params["language"])
    return SORT_FIELDS[params["sort"]]


def _scored(matching, params):
    """Staff's boosts, then shoppers' popularity (relevance order only)."""
    query = elastic_scored({"bool": matching}, _rule_boosts(params))
    if params["sort"] != "relevance":
        return query
    return elastic_boosted(query, params.get("popularity_weight", 0.0), params.get("language", ""))


def _rule_boosts(params):
    """Staff's boost and bury rules (selectors/rule_boosts.py): relevance order only."""
    return params.get("rule_boosts") if params["sort"] == "relevance" else ()


def product_search_body(query: dict, params: dict) -> dict:
    """The request body for one page of hits for `query` with params' filters, sort and facets
    (selectors/elastic_facets.py: the query holds what every count shares, the facet groups'
    filters are the post_filter). Written as plain JSON: elasticsearch-dsl's Search clones
    itself on every call, which cost more than building the whole text query (README "Benchmarks")."""
    matching = {"must": [query]}
    if params.get("exclude_ids"):  # hidden or pinned by a curation (selectors/curated.py), or unlisted
        left_out = {"ids": {"values": [str(pid) for pid in params["exclude_ids"]]}}
        matching["filter"] = [{"bool": {"must_not": [left_out]}}]
    boosts = _boosts(params)
    if boosts:
        matching["should"] = boosts
    filters = facet_filters(params)
    body = {
        "query": _scored(matching, params),
        "sort": _sort(params),
        "_source": False,
        "from": params["offset"],
        "size": params["limit"],
        "track_total_hits": True,
        "aggs": facet_aggs(filters, cached_category_tree(), attribute_index()),
    }
    narrowed = post_filter(filters)
    if narrowed:
        body["post_filter"] = narrowed
    return body


# Only what a page is made of comes back (ids, the total, facet keys, counts and values).
PAGE_FILTER_PATH = ["hits.total.value", "hits.hits._id", "aggregations.**.buckets.key",
                    "aggregations.**.buckets.doc_count", "aggregations.**.value"]


def _page(document_class, query, params: dict) -> SearchPage:
    """One page for an Elasticsearch query. The raw response is read directly:
    wrapping hits in DSL/Document objects cost more than the search itself.

    The shard request cache keeps only size=0 answers unless asked: asked here, a head query
    repeated before the next refresh that changed the index is answered from it (the same
    body, byte for byte; a refresh drops it, so it is never staler than the index). Measured
    at 100 000 products, the bench's mix raw: p50 0.37x, node CPU per search 1.47 vs 4.05 ms
    (bench/es_tuning.py, bench/results/scale/es-tuning-100k.md)."""
    response = request_client(document_class).search(
        index=document_class._index._name, body=product_search_body(query, params), filter_path=PAGE_FILTER_PATH,
        request_cache=True,
    )
    hits, aggregations = response["hits"], response.get("aggregations", {})
    return SearchPage(
        product_ids=[int(hit["_id"]) for hit in hits.get("hits", [])],
        total=hits["total"]["value"],
        backend="elasticsearch",
        **read_facets(aggregations, facet_filters(params), attribute_index()),
    )


def search_products(*, document_class, make_query, params: dict, language: str, cache_scope=None,
                    unlisted=None) -> SearchPage:
    """One page of `document_class` hits for `make_query(text, relaxed=False, prefix=UNFINISHED)`,
    from the cache of answers (selectors/answer_cache.py) when `cache_scope` is given: what
    else, besides the index, language and params, makes the answer (the view, the ranking).

    When nothing matches the text as typed (first page only), it is tried
    again, in this order, until something is found: with misspelled words
    corrected; with the last word completed (matched as a beginning: "čiž" for
    čižmy, although "čiž" is a word of its own); with only some of the words
    required. The page says what was done: `corrected_query`, `relaxed` (for
    the last two). When some products match, but fewer than the page holds, the
    page is filled after them without the query's modifiers (selectors/fill.py:
    `filled_ids`, `filled_without`).

    `unlisted`: the products unlisted in flight to leave out, as expected (selectors/unlisted.py);
    the page names them, for the caller to check with its rows. None: read first. The answer
    cache reads them first on a miss and names none.
    """
    if cache_scope is None or not settings.SEARCH_CACHE_ENABLED:
        return _search_products(document_class, make_query, params, language, unlisted)
    # Products unlisted a moment ago are not in the key: each unlisting moves the index generation
    # on (search/indexing/outbox.py), so a hit needs no query for them, and a miss reads them.
    key = answer_key(scope=(document_class._index._name, *cache_scope), language=language, params=params)
    return cached_answer(key, lambda: replace(_search_products(document_class, make_query, params, language),
                                              unlisted=None))


def _search_products(document_class, make_query, params, language, unlisted=None) -> SearchPage:
    unlisted = tuple(unlisted_in_flight_ids() if unlisted is None else unlisted)
    return replace(_searched(document_class, make_query, params, language, unlisted), unlisted=unlisted)


def _searched(document_class, make_query, params, language, unlisted) -> SearchPage:
    if unlisted:  # the index still has them: counts and facets must not
        params = {**params, "exclude_ids": sorted({*(params.get("exclude_ids") or []), *unlisted})}
    text = params["q"]
    if not text.strip():  # every word was understood as a filter or an order: browse them
        return _page(document_class, {"match_all": {}}, params)
    page = _page(document_class, make_query(text), params)
    if wants_fill(page, params):  # some all-word matches, fewer than the page holds
        return filled(page, params, read_query(text, language),
                      lambda fill_text, fill: _ids(document_class, make_query(fill_text), fill))
    if page.total or params["offset"]:
        return page
    query = read_query(text, language)
    corrected = corrected_text(document_class, query)
    searched = corrected or text
    attempts: list[tuple[str, dict, dict]] = [(corrected, {}, {"corrected_query": corrected})] if corrected else []
    if query.words and not query.words[-1].prefix:
        attempts.append((searched, {"prefix": ALWAYS}, {"corrected_query": corrected, "relaxed": True}))
    if len(query.words) > 1:  # one word: "only some of the words" is the search already made
        attempts.append((searched, {"relaxed": True}, {"corrected_query": corrected, "relaxed": True}))
    for attempt, options, outcome in attempts:
        found = _page(document_class, make_query(attempt, **options), params)
        if found.total:
            return replace(found, **outcome)
    return page


def _ids(document_class, query, params) -> list[int]:
    """Only the ids of one page (no facets, no total): what fills a short page (selectors/fill.py)."""
    body = product_search_body(query, params)
    body.pop("aggs")
    body["track_total_hits"] = False
    response = request_client(document_class).search(
        index=document_class._index._name, body=body, filter_path=["hits.hits._id"], request_cache=True)
    return [int(hit["_id"]) for hit in response.get("hits", {}).get("hits", [])]


def similar_product_ids(*, product_id: int, language: str, size: int = 10) -> list[int]:
    names = ("title", "short_description", "attribute_list", "category_name")
    fields = [f"{name}.{language}" for name in names]
    like = {"_index": ProductDocument._index._name, "_id": str(product_id)}
    query = {"more_like_this": {"fields": fields, "like": [like], "min_term_freq": 1, "min_doc_freq": 1,
                                "max_query_terms": 40, "minimum_should_match": "30%"}}
    body = {"query": query, "_source": False, "size": size}
    response = request_client(ProductDocument).search(index=ProductDocument._index._name, body=body)
    return [int(hit["_id"]) for hit in response["hits"]["hits"]]
