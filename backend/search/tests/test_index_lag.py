"""Answers read from the index never show a product PostgreSQL says is unpublished, even
while the index still holds it (the sync lands about a second after the unpublish)."""
import pytest
from rest_framework.test import APIClient

from products.models import Product
from products.tests.factories import make_product
from search.indexing.indices import alias, client

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]
DSL = "/api/search/dsl/products/"


@pytest.fixture
def hidden_in_postgres_only():
    """Two indexed products; then one is unpublished in PostgreSQL without any signal,
    as if its sync had not landed yet."""
    shown = make_product({"cs": "Červená bota"})
    hidden = make_product({"cs": "Červená čepice"})
    client().indices.refresh(index=alias())
    Product.objects.filter(pk=hidden.pk).update(is_published=False)
    assert client().get(index=alias(), id=hidden.pk)["found"]
    return shown, hidden


def test_dsl_list_and_detail_skip_the_unpublished_product(hidden_in_postgres_only):
    shown, hidden = hidden_in_postgres_only
    listed = APIClient().get(DSL, {"search": "červená"}).json()["results"]
    assert [item["id"] for item in listed] == [shown.id]
    assert APIClient().get(f"{DSL}{hidden.id}/").status_code == 404
    assert APIClient().get(f"{DSL}{shown.id}/").status_code == 200


def test_dsl_completion_suggester_skips_it(hidden_in_postgres_only):
    shown, hidden = hidden_in_postgres_only
    response = APIClient().get(f"{DSL}suggest/", {"title_cs__completion": "červ"})
    options = response.json()["title_cs__completion"][0]["options"]
    assert [option["text"] for option in options] == ["Červená bota"]


def test_suggest_endpoint_skips_it(hidden_in_postgres_only):
    response = APIClient().get("/api/search/suggest/cs/", {"q": "červ"})
    assert response.json()["suggestions"] == ["Červená bota"]
