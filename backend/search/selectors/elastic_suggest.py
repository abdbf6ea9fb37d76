"""Suggest's matches from Elasticsearch: one search for titles, product previews and category counts.

The query is the one suggestions always used (every word in the title, the
last as a beginning: search.queries with prefix ALWAYS). Its hits give the
titles and the product previews, both only for products PostgreSQL says are
published: the hits' rows are read in one statement, which is also the
check every answer read from the index gets (selectors/published.py). An
aggregation counts the matches per category, and a
`global` one counts the published products of the categories the text names
(whatever the titles say). Unlike search, the counts do not leave out products
unpublished in the last seconds whose index change is still in flight
(selectors/unlisted.py): that statement cost a keystroke more than the rest of
its PostgreSQL work (2.6 ms of 9 in the profile), and a count one too high for
two seconds is no harm in a hint; what is shown is checked.
"""
from products.selectors import published_product_previews
from search.clients import request_client
from search.documents import ProductDocument
from search.queries import shopper_query
from search.selectors.suggest_matches import CATEGORIES_COUNTED, PRODUCTS, TITLES, SuggestMatches

FILTER_PATH = ["hits.hits._id", "hits.hits._source", "aggregations.**.buckets.key",
               "aggregations.**.buckets.doc_count"]


def suggest_body(query, named_ids) -> dict:
    language = query.language
    body = {
        "query": shopper_query(query, words_to_match="100%", texts=("title",)),
        "_source": [f"title.{language}"],
        "size": TITLES * 2,
        "aggs": {"categories": {"terms": {"field": "category_id", "size": CATEGORIES_COUNTED}}},
    }
    if named_ids:
        named = {"terms": {"category_path": named_ids}}
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
        index=ProductDocument._index._name, body=suggest_body(query, named_ids),
        filter_path=FILTER_PATH,
    )
    hits = response.get("hits", {}).get("hits", [])
    rows = published_product_previews([int(hit["_id"]) for hit in hits], language=query.language)
    published, titles = {row["id"] for row in rows}, []
    for hit in hits:
        title = hit.get("_source", {}).get("title", {}).get(query.language)
        if int(hit["_id"]) in published and title and title not in titles:
            titles.append(title)
    aggregations = response.get("aggregations", {})
    return SuggestMatches(
        titles=titles[:TITLES], products=rows[:PRODUCTS],
        category_counts=_buckets(aggregations, "categories"),
        named_counts=_buckets(aggregations, "named", "in", "ids"),
    )
