"""Answers read from the index never show a product PostgreSQL says is unpublished, even
while the index still holds it (the sync lands about a second after the unpublish)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from products.models import Product
from products.services import set_products_published
from products.tests.factories import make_attribute_value, make_product
from search.indexing.indices import alias, client
from search.indexing.sync import apply_pending_changes
from search.models import PendingIndexChange
from search.selectors.unlisted import expected_unlisted

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


def _search(**params):
    return APIClient().get("/api/search/products/cs/", {"q": "červená", **params}).json()


@pytest.fixture
def two_red_products(settings, test_redis):
    """Two indexed products; the sync queue is on and no worker runs, so changes wait."""
    colour = make_attribute_value("colour", "red", {"cs": "červená"})
    shown = make_product({"cs": "Červená bota"}, attribute_values=[colour])
    hidden = make_product({"cs": "Červená čepice"}, attribute_values=[colour])
    client().indices.refresh(index=alias())
    settings.USING_REDIS_QUEUE = True
    return shown, hidden, colour


def _agrees_with_results(body, shown, colour):
    assert [item["id"] for item in body["results"]] == [shown.id]
    assert body["count"] == 1
    values = [value for group in body["facets"]["attributes"] for value in group["values"]]
    assert {value["id"]: value["count"] for value in values} == {colour.id: 1}
    assert sum(bucket["count"] for bucket in body["facets"]["price"]["ranges"]) == 1


def test_counts_and_facets_leave_out_an_unpublish_the_sync_has_not_applied(two_red_products):
    shown, hidden, colour = two_red_products
    set_products_published(product_ids=[hidden.id], published=False)
    assert client().get(index=alias(), id=hidden.pk)["found"]  # still indexed: the change waits
    _agrees_with_results(_search(), shown, colour)
    dsl = APIClient().get(DSL, {"search": "červená"}).json()
    assert dsl["count"] == 1 and [item["id"] for item in dsl["results"]] == [shown.id]


def test_and_one_applied_but_not_yet_visible_to_searches(two_red_products):
    shown, hidden, colour = two_red_products
    client().indices.put_settings(index=alias(), settings={"refresh_interval": "-1"})
    set_products_published(product_ids=[hidden.id], published=False)
    apply_pending_changes()
    still_counted = client().count(index=alias(), query={"match": {"title.cs": "čepice"}})["count"]
    assert still_counted == 1 and PendingIndexChange.objects.get(product_id=hidden.id).processed_at
    _agrees_with_results(_search(), shown, colour)


def test_a_product_published_again_since_the_last_search_is_found_and_counted(two_red_products):
    """The search leaves out what this process's last search found unlisted; the rows'
    statement says what is unlisted now, and a difference makes it search again."""
    shown, hidden, colour = two_red_products
    set_products_published(product_ids=[hidden.id], published=False)
    _agrees_with_results(_search(), shown, colour)
    assert expected_unlisted() == (hidden.id,)
    set_products_published(product_ids=[hidden.id], published=True)
    body = _search()
    assert sorted(item["id"] for item in body["results"]) == sorted([shown.id, hidden.id])
    assert body["count"] == 2 and expected_unlisted() == ()


def test_a_search_reads_its_rows_and_what_is_unlisted_in_one_statement(two_red_products, settings):
    settings.SEARCH_RULES_RECHECK_SECONDS = 60
    _search()  # the rules and the catalog's names are read once per process
    with CaptureQueriesContext(connection) as sent:
        body = _search()
    assert body["count"] == 2
    assert len(sent) == 1 and PendingIndexChange._meta.db_table in sent[0]["sql"]
