"""With Elasticsearch off or unreachable, the same endpoints answer from PostgreSQL."""
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from products.tests.factories import make_attribute_value, make_category, make_product
from search.indexing.indices import alias, client
from search.tests.helpers import elasticsearch_unreachable

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]


@pytest.fixture
def shop():
    shoes = make_category({"cs": "Obuv", "en": "Footwear"})
    red = make_attribute_value("colour", "red", {"cs": "červená", "en": "red"})
    return {
        "red_shoe": make_product({"cs": "Červená bota", "en": "Red shoe"}, sku="SH-RED",
                                 price=Decimal("900"), category=shoes, attribute_values=[red]),
        "blue_shoe": make_product({"cs": "Modrá bota", "en": "Blue shoe"}, sku="SH-BLUE",
                                  price=Decimal("1500"), category=shoes, stock=0),
        "hidden": make_product({"cs": "Skrytá bota"}, published=False),
        "mug": make_product({"cs": "Hrnek", "en": "Mug"}, price=Decimal("100")),
        "shoes": shoes,
        "red": red,
    }


def _search(lang="cs", **params):
    return APIClient().get(f"/api/search/products/{lang}/", params)


def _check_postgres_answer(response, shop):
    assert response.status_code == 200
    assert response["X-Search-Backend"] == "postgres"
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results", "facets", "corrected_query", "relaxed",
                         "filled_ids", "filled_without",
                         "synonyms", "search_id", "understood", "banners", "redirect", "rules"}
    found = [item["id"] for item in body["results"]]
    assert set(found) == {shop["red_shoe"].id, shop["blue_shoe"].id}  # never the unpublished one
    categories = {row["id"]: row["count"] for row in body["facets"]["categories"]["children"]}
    assert categories == {shop["shoes"].id: 2}
    prices = {row["key"]: row["count"] for row in body["facets"]["price"]["ranges"]}
    assert prices["500-1000"] == 1 and prices["1000-2000"] == 1


def test_use_elastic_off_answers_from_postgres(shop, settings):
    settings.USE_ELASTIC = False
    response = _search(q="boty")
    _check_postgres_answer(response, shop)
    assert "X-Search-Fallback" not in response


def test_unreachable_elasticsearch_falls_back_and_says_so(shop, closed_port, caplog):
    with elasticsearch_unreachable(closed_port):
        response = _search(q="boty")
        red = _search(q="cervene boty").json()
    _check_postgres_answer(response, shop)
    assert [item["id"] for item in red["results"]] == [shop["red_shoe"].id]
    assert "elasticsearch unavailable" in response["X-Search-Fallback"]
    assert "answering from PostgreSQL" in caplog.text


def test_postgres_filters_sorting_and_sku(shop, settings):
    settings.USE_ELASTIC = False
    assert [r["id"] for r in _search(q="SH-BLUE").json()["results"]][0] == shop["blue_shoe"].id
    by_price = [r["id"] for r in _search(q="bota", sort="-price").json()["results"]]
    assert by_price == [shop["blue_shoe"].id, shop["red_shoe"].id]
    filtered = _search(q="bota", attr=shop["red"].id, in_stock="true").json()
    assert [r["id"] for r in filtered["results"]] == [shop["red_shoe"].id] and filtered["count"] == 1
    english = _search("en", q="shoes").json()
    assert {r["id"] for r in english["results"]} == {shop["red_shoe"].id, shop["blue_shoe"].id}


def test_suggest_and_similar_fall_back_too(shop, closed_port):
    with elasticsearch_unreachable(closed_port):
        suggest = APIClient().get("/api/search/suggest/cs/", {"q": "cerv"})
        similar = APIClient().get(f"/api/products/{shop['red_shoe'].id}/similar/", {"lang": "cs"})
    assert suggest.status_code == 200 and suggest["X-Search-Backend"] == "postgres"
    assert suggest.json()["suggestions"] == ["Červená bota"]
    assert similar.status_code == 200 and [p["id"] for p in similar.json()] == [shop["blue_shoe"].id]


def test_lucene_syntax_is_harmless_in_postgres_too(shop, settings):
    settings.USE_ELASTIC = False
    for text in ["title:*", "bota & !", "bota | hrnek:*", "'); DROP TABLE x; --", "\\", "{}"]:
        response = _search(q=text)
        assert response.status_code == 200, text
        assert shop["hidden"].id not in [r["id"] for r in response.json()["results"]]


def test_postgres_counts_and_facets_equal_elasticsearch_ones(shop, settings):
    """One statement now finds, ranks and counts; its figures are Elasticsearch's."""
    def answer(**params):
        body = _search(q="boty", **params).json()
        return body["count"], body["facets"], {item["id"] for item in body["results"]}

    client().indices.refresh(index=alias())
    for params in ({}, {"in_stock": "true"}, {"price_max": "1000"}, {"category": shop["shoes"].id}):
        from_elasticsearch = answer(**params)
        settings.USE_ELASTIC = False
        assert answer(**params) == from_elasticsearch, params
        settings.USE_ELASTIC = True


def test_postgres_finds_a_sku_typed_in_any_case(shop, settings):
    settings.USE_ELASTIC = False
    body = _search(q="sh-red").json()
    assert body["results"][0]["id"] == shop["red_shoe"].id and body["count"] == 1


def test_postgres_attribute_filters_are_one_subquery_whatever_their_number(shop, settings):
    """Fifty `attr=` were fifty joins (a 101-join statement, about a second to plan)."""
    settings.USE_ELASTIC = False
    leather = make_attribute_value("material", "leather", {"cs": "kůže", "en": "leather"})
    shop["red_shoe"].product_attributes.create(attribute_value=leather)
    both = _search(q="bota", attr=f"{shop['red'].id},{leather.id}").json()
    assert [r["id"] for r in both["results"]] == [shop["red_shoe"].id]
    others = [make_attribute_value("size", str(size), {"cs": str(size)}).id for size in range(48)]
    with CaptureQueriesContext(connection) as queries:
        none = _search(q="bota", attr=[shop["red"].id, leather.id, *others]).json()
    assert none["count"] == 0 and none["results"] == []
    search_sql = max((query["sql"] for query in queries.captured_queries), key=len)
    # The filter's one grouped pass and the facet count (search/tests/test_facets.py compares the joins)
    assert search_sql.count("products_productattribute") == 2


def test_postgres_requires_every_word_and_relaxes_to_any_when_none_has_all(shop, settings):
    settings.USE_ELASTIC = False
    both = _search(q="červená bota").json()
    assert [r["id"] for r in both["results"]] == [shop["red_shoe"].id] and not both["relaxed"]
    some = _search(q="červená hrnek").json()  # no red mug: the mug and the red shoe, each by one word
    assert {r["id"] for r in some["results"]} == {shop["red_shoe"].id, shop["mug"].id} and some["relaxed"]


@pytest.fixture
def attribute_table_locked():
    """Another session holds the attribute table exclusively: every fallback search waits."""
    import psycopg2

    params = connection.get_connection_params()
    holder = psycopg2.connect(**{key: value for key, value in params.items() if key != "cursor_factory"})
    with holder.cursor() as cursor:
        cursor.execute("LOCK TABLE products_productattribute IN ACCESS EXCLUSIVE MODE")
    yield
    holder.rollback()
    holder.close()


def test_a_fallback_search_past_its_time_is_a_503_asking_for_more_words(shop, settings, attribute_table_locked):
    settings.USE_ELASTIC = False
    settings.SEARCH_FALLBACK_TIMEOUT_MS = 200
    response = _search(q="bota")
    assert response.status_code == 503
    assert "too broad" in response.json()["detail"]


def test_a_request_s_fallback_statements_share_one_time_budget(shop, settings):
    """Understood filters that leave nothing make the search run again as typed (and relax it):
    every statement of the request gets what is left of SEARCH_FALLBACK_TIMEOUT_MS, not its own."""
    settings.USE_ELASTIC = False
    settings.SEARCH_FALLBACK_TIMEOUT_MS = 10_000
    with CaptureQueriesContext(connection) as queries:
        body = _search(q="červený hrnek").json()
    assert body["understood"] and not body["understood"][0]["applied"]  # dropped: searched again as typed
    assert shop["mug"].id in {r["id"] for r in body["results"]} and body["relaxed"]
    timeouts = [int(found.group(1)) for query in queries.captured_queries
                if (found := re.search(r"statement_timeout = '?(\d+)", query["sql"]))]
    assert len(timeouts) == 3
    assert timeouts == sorted(timeouts, reverse=True) and len(set(timeouts)) == 3
    assert timeouts[0] <= 10_000


def test_a_fallback_search_leaves_the_request_s_transaction_as_it_found_it(shop, settings):
    """The search's short statement timeout must not bind what the request does after it
    (ATOMIC_REQUESTS: a SET LOCAL outlives the search's savepoint), nor its JIT setting."""
    from django.db import transaction

    from search.selectors.postgres import search_products
    from search.serializers import ProductSearchParamsSerializer

    params = ProductSearchParamsSerializer(data={"q": "bota"})
    params.is_valid(raise_exception=True)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()[0]
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
        page = search_products(params=params.validated_data, language="cs")
        assert page.total == 2
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == before
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == jit
