"""Reading back what Elasticsearch holds, making it unreachable, and waiting for what
happens in the background, for tests."""
import time
from contextlib import contextmanager

from django.conf import settings
from elasticsearch_dsl.connections import connections
from rest_framework.test import APIClient

from common.breaker import reset_all
from products.tests.factories import make_product
from search.indexing import indices
from search.indexing.indices import alias, client


@contextmanager
def elasticsearch_unreachable(port):
    """Points the app's client at a loopback port nothing listens on, then back."""
    connections.create_connection("default", hosts=[f"http://127.0.0.1:{port}"], max_retries=0)
    try:
        yield
    finally:
        connections.remove_connection("default")
        connections.configure(**settings.ELASTICSEARCH_DSL)


def indexed_document(product_id):
    client().indices.refresh(index=alias())
    found = client().options(ignore_status=404).get(index=alias(), id=product_id)
    return found["_source"] if found.get("found") else None


def indexed_ids():
    client().indices.refresh(index=alias())
    hits = client().search(index=alias(), query={"match_all": {}}, size=10000, source=False)
    return {int(hit["_id"]) for hit in hits["hits"]["hits"]}


def catalog_titles(language="cs"):
    """{id: title} of every published product, as PostgreSQL holds it."""
    from products.models import Product

    published = Product.objects.filter(is_published=True).prefetch_related("translations")
    return {product.id: product.title(language) for product in published}


def indexed_titles(language="cs"):
    """{id: title} of every document, as the index holds it."""
    client().indices.refresh(index=alias())
    hits = client().search(index=alias(), query={"match_all": {}}, size=10000, source=["title"])["hits"]["hits"]
    return {int(hit["_id"]): hit["_source"]["title"][language] for hit in hits}


def wait_for(check, seconds=5.0):
    """True once `check()` is, polling for up to `seconds` (work done by another thread)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return False


@contextmanager
def tables_on_paused_node(node, products):
    """A fresh index of `products` wooden tables on a test's own Elasticsearch `node` (which
    the test pauses), the app pointed at it and every breaker reset before and after; the
    node is resumed even if the test failed while it was paused."""
    def drop_indices(es):
        for name in es.indices.get(index=f"{indices.alias()}_*", ignore_unavailable=True):
            es.indices.delete(index=name)

    reset_all()
    with node.used_by_the_app() as es:
        drop_indices(es)
        indices.point_alias_to(indices.create_concrete_index())
        for n in range(products):
            make_product({"cs": f"Dřevěný stůl {n}"})
        es.indices.refresh(index=indices.alias())
        try:
            yield es
        finally:
            node.resume()
            drop_indices(es)
    reset_all()


def word_search_ids(q, lang="cs"):
    """The ids the search API answers for `q` read as words only (understand=0), asserting a 200."""
    response = APIClient().get(f"/api/search/products/{lang}/", {"q": q, "understand": "0"})
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]
