"""What the rankings cost: Elasticsearch's own time per query body, index build rate, index size.

Every figure is measured in this run, variants interleaved query by query so
that the shared machine's noise falls on all of them alike.
"""
import random
import time
from statistics import median

from elasticsearch import helpers


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def query_time(client, variants, queries, rounds):
    """{variant key: {p50_ms, p95_ms, wall_p50_ms}} for each variant's query body: Elasticsearch's
    own `took` (whole milliseconds) and the round trip measured here (finer, same for all)."""
    took = {variant.key: [] for variant in variants}
    wall = {variant.key: [] for variant in variants}
    shuffler = random.Random(7)
    for _ in range(rounds):
        for query in queries:
            order = list(variants)
            shuffler.shuffle(order)
            for variant in order:
                body = variant.body(query.text, query.language)
                started = time.perf_counter()
                response = client.search(index=variant.index, body=body)
                wall[variant.key].append((time.perf_counter() - started) * 1000)
                took[variant.key].append(response["took"])
    return {key: {"p50_ms": median(values), "p95_ms": _percentile(values, 0.95),
                  "wall_p50_ms": round(median(wall[key]), 2), "requests": len(values)}
            for key, values in took.items()}


def _timed_build(client, index, create_body, documents_from_products, products):
    client.indices.delete(index=index, ignore_unavailable=True)
    client.indices.create(index=index, **create_body)
    started = time.perf_counter()
    actions = ({"_index": index, "_id": source["id"], "_source": source}
               for source in documents_from_products(products))
    count, _ = helpers.bulk(client, actions, chunk_size=500)
    client.indices.refresh(index=index)
    seconds = time.perf_counter() - started
    client.indices.delete(index=index)
    return count / seconds


def build_rates(client, prefix, rounds):
    """Documents per second, built in Python and bulk-indexed the same way, for (a) and (d).

    (a) builds documents as the document class did before (the library's
    prepare, no lemmas) into the old mapping; (d) as it does now (lemmas)
    into the new one. Median of `rounds` alternating runs each.
    """
    from lib.relevance.anchors import before_index
    from search.documents import ProductDocument

    document = ProductDocument()
    products = list(document.get_indexing_queryset())
    document.reload_lookups()

    def before_documents(batch):
        for product in batch:
            source = super(ProductDocument, document).prepare(product)
            source.pop("lemmas"), source.pop("spelling")
            yield source

    def new_documents(batch):
        return (document.prepare(product) for product in batch)

    new_body = ProductDocument._index.to_dict()
    new_body = {"settings": new_body.get("settings", {}), "mappings": new_body["mappings"]}
    rates = {"a": [], "d": []}
    for _ in range(rounds):
        rates["a"].append(_timed_build(client, f"{prefix}_cost_a", before_index(), before_documents, products))
        rates["d"].append(_timed_build(client, f"{prefix}_cost_d", new_body, new_documents, products))
    return {key: {"docs_per_s": round(median(values), 1), "runs": [round(v, 1) for v in values]}
            for key, values in rates.items()}


def index_sizes(client, variants):
    """Bytes on disk per variant's index, merged to one segment so the figure is stable."""
    sizes = {}
    for variant in variants:
        concrete = next(iter(client.indices.get(index=variant.index)))
        client.indices.forcemerge(index=concrete, max_num_segments=1)
        stats = client.indices.stats(index=concrete, metric="store")
        sizes[variant.key] = stats["indices"][concrete]["primaries"]["store"]["size_in_bytes"]
    return sizes
