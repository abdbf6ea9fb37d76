"""Suggest's matches from Elasticsearch: one search for titles, product previews and category counts.

The query is the one suggestions always used (every word in the title, the
last as a beginning: search.queries with prefix ALWAYS). Its hits give the
titles and the product previews, both only for products PostgreSQL says are
published: the hits' rows are read in one statement, which is also the
check every answer read from the index gets (selectors/published.py). An
aggregation counts the matches per category, and a
`global` one counts the published products of the categories the text names
(whatever the titles say). Products still in the index but no longer listed
(selectors/unlisted.py) are left out of the counts.
"""
from products.selectors import published_product_rows
from search.clients import request_client
from search.documents import ProductDocument
from search.queries import shopper_query
from search.selectors.suggest_matches import CATEGORIES_COUNTED, PRODUCTS, TITLES, SuggestMatches
from search.selectors.unlisted import unlisted_in_flight_ids

FILTER_PATH = ["hits.hits._id", "hits.hits._source", "aggregations.**.buckets.key",
               "aggregations.**.buckets.doc_count"]


def suggest_body(query, named_ids, unlisted) -> dict:
    language = query.language
    not_unlisted = {"bool": {"must_not": [{"ids": {"values": [str(pid) for pid in unlisted]}}]}}
    body = {
        "query": shopper_query(query, words_to_match="100%", texts=("title",)).to_dict(),
        "_source": [f"title.{language}"],
        "size": TITLES * 2,
        "aggs": {"categories": {"filter": not_unlisted, "aggs": {
            "ids": {"terms": {"field": "category_id", "size": CATEGORIES_COUNTED}}}}},
    }
    if named_ids:
        named = {"bool": {"filter": [{"terms": {"category_path": named_ids}}], **not_unlisted["bool"]}}
        body["aggs"]["named"] = {"global": {}, "aggs": {"in": {"filter": named, "aggs": {
            "ids": {"terms": {"field": "category_path", "include": named_ids, "size": len(named_ids)}}}}}}
    return body


def _buckets(aggregations, *path):
    for name in path:
        aggregations = aggregations.get(name, {})
    return {bucket["key"]: bucket["doc_count"] for bucket in aggregations.get("buckets", [])}


def suggest_matches(query, named_ids) -> SuggestMatches:
    """Matches for a read ShopperQuery (prefix ALWAYS); `named_ids`: categories its words name."""
    if query.is_empty:
        return SuggestMatches()
    response = request_client(ProductDocument).search(
        index=ProductDocument._index._name, body=suggest_body(query, named_ids, unlisted_in_flight_ids()),
        filter_path=FILTER_PATH,
    )
    hits = response.get("hits", {}).get("hits", [])
    rows = published_product_rows([int(hit["_id"]) for hit in hits], language=query.language)
    published, titles = {row["id"] for row in rows}, []
    for hit in hits:
        title = hit.get("_source", {}).get("title", {}).get(query.language)
        if int(hit["_id"]) in published and title and title not in titles:
            titles.append(title)
    aggregations = response.get("aggregations", {})
    return SuggestMatches(
        titles=titles[:TITLES], products=rows[:PRODUCTS],
        category_counts=_buckets(aggregations, "categories", "ids"),
        named_counts=_buckets(aggregations, "named", "in", "ids"),
    )
