"""Faults in Elasticsearch itself, on a real two-node cluster (issue: resilience).

- one node stopped while searches and writes run: every search answers from
  Elasticsearch (the client retries on the other node), every write lands;
- the whole cluster stopped during 500 catalog writes: searches answer from
  PostgreSQL meanwhile, and once it is back and the backlog drained, the index
  equals PostgreSQL exactly.
"""
import threading
import time

import pytest
from django.core.management import call_command
from django.db import transaction
from rest_framework.test import APIClient

from common.tests.processes import OwnElasticsearch
from products.models import ProductTranslation
from products.services import set_products_published
from products.tests.factories import make_product
from search.indexing import indices
from search.models import PendingIndexChange
from search.tests.helpers import catalog_titles, indexed_titles

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("inprocess_sync")]

# Two master-eligible nodes of its own (HTTP 9250/9251), started with scripts/services.
CLUSTER = OwnElasticsearch(9250, 9350, nodes=2)


@pytest.fixture(scope="module")
def two_nodes():
    CLUSTER.start()
    yield
    CLUSTER.stop()


@pytest.fixture
def replicated_index(two_nodes):
    """The product index on the two-node cluster with one replica, so either node holds every shard."""
    with CLUSTER.used_by_the_app() as es:
        for name in es.indices.get(index=f"{indices.alias()}_*", ignore_unavailable=True):
            es.indices.delete(index=name)
        name = indices.create_concrete_index()
        es.indices.put_settings(index=name, settings={"number_of_replicas": 1})
        indices.point_alias_to(name)
        es.cluster.health(index=name, wait_for_status="green", timeout="60s")
        yield es
        CLUSTER.start()  # a test may have stopped a node or the whole cluster
        for name in es.indices.get(index=f"{indices.alias()}_*", ignore_unavailable=True):
            es.indices.delete(index=name)


def test_losing_one_node_keeps_searches_and_writes_working(replicated_index):
    es = replicated_index
    for n in range(30):
        make_product({"cs": f"Bota číslo {n}"})
    es.indices.refresh(index=indices.alias())
    master = es.cat.master(format="json")[0]["node"]
    victim = "node-1" if master == "node-2" else "node-2"
    stopper = threading.Timer(1.0, CLUSTER.stop_node, [int(victim.rsplit("-", 1)[1])])
    stopper.start()
    outcomes, deadline = [], time.monotonic() + 8
    while time.monotonic() < deadline:
        response = APIClient().get("/api/search/products/cs/", {"q": "bota", "limit": 5})
        outcomes.append((response.status_code, response.get("X-Search-Backend"), response.json().get("count")))
        time.sleep(0.02)
    stopper.join()
    assert len(outcomes) > 20
    assert {outcome[:2] for outcome in outcomes} == {(200, "elasticsearch")}
    assert min(outcome[2] for outcome in outcomes) == 30
    for n in range(20):
        make_product({"cs": f"Nová bota {n}"})
    call_command("search_sync", "--drain")
    indexed, catalog = indexed_titles(), catalog_titles()
    assert indexed == catalog and len(catalog) == 50


@pytest.mark.usefixtures("replicated_index")
def test_a_cluster_outage_during_500_writes_loses_nothing():
    products = [make_product({"cs": f"Výrobek {n}"}) for n in range(100)]
    CLUSTER.stop()
    writes = 0
    for round_ in range(4):
        for product in products:
            with transaction.atomic():
                translation = ProductTranslation.objects.get(product=product, language="cs")
                translation.title = f"Výrobek {product.id} v{round_}"
                translation.save()
            writes += 1
    writes += set_products_published(product_ids=[p.id for p in products[:50]], published=False)
    writes += set_products_published(product_ids=[p.id for p in products[:25]], published=True)
    for n in range(25):
        make_product({"cs": f"Bota z výpadku {n}"})
        writes += 1
    assert writes == 500
    during = APIClient().get("/api/search/products/cs/", {"q": "bota"})
    assert during.status_code == 200 and during["X-Search-Backend"] == "postgres"
    assert during.json()["count"] == 25
    assert PendingIndexChange.objects.filter(processed_at__isnull=True).count() == 125

    CLUSTER.start()
    call_command("search_sync", "--drain")
    indexed, catalog = indexed_titles(), catalog_titles()
    assert indexed == catalog  # 0 lost, 0 stale
    assert len(catalog) == 100 and all(title.endswith("v3") for pid, title in catalog.items()
                                       if title.startswith("Výrobek"))
