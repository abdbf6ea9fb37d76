"""Product search, suggestions and similar products in Elasticsearch."""
from elasticsearch_dsl import A, Q

from search.documents import ProductDocument
from search.queries import BOOSTS
from search.selectors.page import PRICE_RANGES, SearchPage

SORT_FIELDS = {
    "relevance": ["_score", {"id": "asc"}],
    "price": [{"price": "asc"}, {"id": "asc"}],
    "-price": [{"price": "desc"}, {"id": "asc"}],
    "newest": [{"created_at": "desc"}, {"id": "desc"}],
}


def _filters(params):
    filters = []
    if params.get("category"):
        filters.append(Q("term", category_path=params["category"]))
    price = {}
    if params.get("price_min") is not None:
        price["gte"] = float(params["price_min"])
    if params.get("price_max") is not None:
        price["lte"] = float(params["price_max"])
    if price:
        filters.append(Q("range", price=price))
    if params.get("in_stock") is not None:
        filters.append(Q("term", in_stock=params["in_stock"]))
    for value_id in params.get("attr", []):
        filters.append(Q("term", attribute_values=value_id))
    return filters


def _with_facets(search):
    search.aggs.bucket("categories", A("terms", field="category_path", size=100))
    search.aggs.bucket("attributes", A("terms", field="attribute_values", size=200))
    ranges = []
    for key, low, high in PRICE_RANGES:
        bucket = {"key": key}
        if low is not None:
            bucket["from"] = low
        if high is not None:
            bucket["to"] = high
        ranges.append(bucket)
    search.aggs.bucket("price", A("range", field="price", ranges=ranges))
    return search


def build_product_search(document_class, query, params, language):
    """The Search for one page of hits with params' filters, sort, highlights and facets."""
    # Each field and its `.plain` twin: a word typed without diacritics is marked only in the latter.
    fields = [name for field in BOOSTS for name in (f"{field}.{language}", f"{field}.{language}.plain")]
    search = (
        document_class.search()
        .query(Q("bool", must=[query], filter=_filters(params)))
        .sort(*SORT_FIELDS[params["sort"]])
        .source(False)
        .extra(from_=params["offset"], size=params["limit"], track_total_hits=True)
        .highlight(*fields, fragment_size=120, number_of_fragments=2)
        .highlight_options(pre_tags=["<mark>"], post_tags=["</mark>"])
        .highlight_options(encoder="html")
    )
    return _with_facets(search)


def search_products(document_class, query, params, language):
    """One page of `document_class` hits for `query` (see build_product_search).

    The raw response is read directly: wrapping hits in DSL/Document objects
    cost more than the search itself, and only ids and highlights are needed.
    """
    search = build_product_search(document_class, query, params, language)
    response = document_class._get_connection().search(index=document_class._index._name, body=search.to_dict())
    hits, aggregations = response["hits"], response["aggregations"]
    return SearchPage(
        product_ids=[int(hit["_id"]) for hit in hits["hits"]],
        total=hits["total"]["value"],
        backend="elasticsearch",
        highlights={int(hit["_id"]): _by_field(hit["highlight"]) for hit in hits["hits"] if "highlight" in hit},
        category_counts={int(b["key"]): b["doc_count"] for b in aggregations["categories"]["buckets"]},
        attribute_counts={int(b["key"]): b["doc_count"] for b in aggregations["attributes"]["buckets"]},
        price_counts={b["key"]: b["doc_count"] for b in aggregations["price"]["buckets"]},
    )


def _by_field(highlight):
    """{"title.cs": [...], "title.cs.plain": [...]} -> {"title": the snippets marking more words}."""
    merged = {}
    for name, snippets in highlight.items():
        field = name.split(".")[0]
        if sum(s.count("<mark>") for s in snippets) > sum(s.count("<mark>") for s in merged.get(field, [])):
            merged[field] = snippets
    return merged


def suggest_titles(prefix, language, size=10):
    """Titles whose words start with what the shopper typed; answered from the index alone."""
    field = f"title.{language}"
    response = (
        ProductDocument.search()
        .query(Q("match", **{field: {"query": prefix, "operator": "and"}}))
        .source([field])
        .extra(size=size * 2)
        .execute()
    )
    titles = []
    for hit in response:
        title = hit.title.to_dict().get(language)
        if title and title not in titles:
            titles.append(title)
    return titles[:size]


def similar_product_ids(product_id, language, size=10):
    names = ("title", "short_description", "attribute_list", "category_name")
    fields = [f"{name}.{language}" for name in names]
    like = {"_index": ProductDocument._index._name, "_id": str(product_id)}
    response = (
        ProductDocument.search()
        .query(Q("more_like_this", fields=fields, like=[like], min_term_freq=1, min_doc_freq=1,
                 max_query_terms=40, minimum_should_match="30%"))
        .source(False)
        .extra(size=size)
        .execute()
    )
    return [int(hit.meta.id) for hit in response]
