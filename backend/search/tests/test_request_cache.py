"""The product search asks Elasticsearch's shard request cache (selectors/elastic.py): a repeated
search is answered from it, and a change is still shown once the index refreshes."""
import pytest
from rest_framework.test import APIClient

from products.models import ProductTranslation
from products.tests.factories import make_product
from search.indexing.indices import alias, client

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]
SEARCH = "/api/search/products/cs/"


def _cache():
    return client().indices.stats(index=alias(), metric="request_cache")["_all"]["primaries"]["request_cache"]


def _search(q):
    response = APIClient().get(SEARCH, {"q": q})
    assert response.status_code == 200, response.content
    assert response["X-Search-Backend"] == "elasticsearch"
    return response.json()


def test_a_repeated_search_is_answered_from_the_shard_request_cache():
    make_product({"cs": "Modrý batoh Lyra"})
    make_product({"cs": "Zelený batoh Vega"})
    client().indices.refresh(index=alias())
    first = _search("batoh")
    before = _cache()
    again = _search("batoh")
    after = _cache()
    assert again["count"] == first["count"] == 2
    assert after["hit_count"] > before["hit_count"]
    assert after["miss_count"] == before["miss_count"]


def test_a_changed_title_is_found_after_the_refresh_though_the_old_answer_was_cached():
    product = make_product({"cs": "Modrý batoh Lyra"})
    client().indices.refresh(index=alias())
    assert [row["id"] for row in _search("batoh")["results"]] == [product.id]
    _search("batoh")  # now in the cache
    translation = ProductTranslation.objects.get(product=product, language="cs")
    translation.title = "Modrá kabelka Lyra"
    translation.save()  # synced in this process (inprocess_sync)
    client().indices.refresh(index=alias())
    assert _search("batoh")["count"] == 0
    assert [row["id"] for row in _search("kabelka")["results"]] == [product.id]


def test_an_unpublished_product_leaves_the_cached_answer_after_the_refresh():
    kept, dropped = make_product({"cs": "Modrý batoh Lyra"}), make_product({"cs": "Zelený batoh Vega"})
    client().indices.refresh(index=alias())
    assert _search("batoh")["count"] == 2
    dropped.is_published = False
    dropped.save()
    client().indices.refresh(index=alias())
    assert [row["id"] for row in _search("batoh")["results"]] == [kept.id]
