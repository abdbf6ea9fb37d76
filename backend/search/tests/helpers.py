"""Reading back what Elasticsearch holds, for assertions."""
from search.services.indices import alias, client


def indexed_document(product_id):
    client().indices.refresh(index=alias())
    found = client().options(ignore_status=404).get(index=alias(), id=product_id)
    return found["_source"] if found.get("found") else None


def indexed_ids():
    client().indices.refresh(index=alias())
    hits = client().search(index=alias(), query={"match_all": {}}, size=10000, source=False)
    return {int(hit["_id"]) for hit in hits["hits"]["hits"]}
