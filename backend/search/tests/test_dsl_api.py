"""The django-elasticsearch-dsl-drf endpoint, and our fix for the package on ES 8."""
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from products.tests.factories import make_category, make_distractor_shop, make_product
from search.indexing.indices import alias, client

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]
URL = "/api/search/dsl/products/"


@pytest.fixture
def shop():
    shoes = make_category({"cs": "Obuv"})
    made = {
        "red": make_product({"cs": "Červená bota"}, price=Decimal("300"), category=shoes),
        "blue": make_product({"cs": "Modrá bota"}, price=Decimal("800"), category=shoes, stock=0),
        "mug": make_product({"cs": "Hrnek"}, price=Decimal("90")),
        "shoes": shoes,
    }
    client().indices.refresh(index=alias())
    return made


def test_the_package_sees_elasticsearch_8_not_2():
    """Without search.drf_compat it reads no version and falls back to ES 2.0 code paths."""
    import importlib

    import search.drf_compat  # noqa: F401

    versions = importlib.import_module("django_elasticsearch_dsl_drf.versions")

    assert versions.ELASTICSEARCH_GTE_7_0 is True
    assert str(versions.LOOSE_ELASTICSEARCH_VERSION).startswith("8.")


def test_search_filter_order_and_highlight(shop):
    response = APIClient().get(URL, {"search": "bota", "ordering": "-price", "highlight": "title.cs"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [item["id"] for item in results] == [shop["blue"].id, shop["red"].id]
    assert "<mark>" in results[0]["highlight"]["title.cs"][0]
    in_range = APIClient().get(URL, {"search": "bota", "price__range": "100__500"}).json()
    assert [item["id"] for item in in_range["results"]] == [shop["red"].id]
    in_stock = APIClient().get(URL, {"in_stock": "true", "category__in": shop["shoes"].id}).json()
    assert [item["id"] for item in in_stock["results"]] == [shop["red"].id]


def test_facets(shop):
    body = APIClient().get(URL, {"search": "bota", "facet": "category"}).json()
    buckets = body["facets"]["_filter_category"]["category"]["buckets"]
    assert buckets == [{"key": shop["shoes"].id, "doc_count": 2}]


def test_completion_suggester_works_on_es8(shop):
    """The package's suggest action called Search.execute_suggest(), gone in DSL 8.18."""
    response = APIClient().get(f"{URL}suggest/", {"title_cs__completion": "cer"})
    assert response.status_code == 200
    options = response.json()["title_cs__completion"][0]["options"]
    assert [option["text"] for option in options] == ["Červená bota"]


def test_detail(shop):
    body = APIClient().get(f"{URL}{shop['mug'].id}/").json()
    assert body["title"]["cs"] == "Hrnek" and body["price"] == 90.0
    # No category, no attributes: empty lists as the list answers them (the schema's type), not null.
    assert body["category_path"] == [] and body["attribute_values"] == []


def test_elasticsearch_refusals_are_client_errors(shop):
    """Found by Schemathesis: these were 500s."""
    assert APIClient().get(f"{URL}0/").status_code == 404
    assert APIClient().get(f"{URL}null,null/").status_code == 404
    deep = APIClient().get(URL, {"limit": 50, "offset": 10_000})
    assert deep.status_code == 400 and "offset" in deep.json()
    assert APIClient().get(f"{URL}functional_suggest/").status_code == 404


@pytest.mark.parametrize("q, lang", [("stoly", "cs"), ("kuchynske noze", "cs"), ("košík", "cs"), ("hrníčky", "cs"),
                                     ("stoly", "sk"), ("knives", "en"), ("stoln", "cs")])
def test_search_uses_the_shops_fields_and_ranks_as_the_search_api_does(q, lang):
    """Both read lemmas, folded words and stems through search/queries.py: same order."""
    make_distractor_shop()
    client().indices.refresh(index=alias())
    dsl = APIClient().get(URL, {"search": q, "lang": lang, "limit": 50}).json()
    api = APIClient().get(f"/api/search/products/{lang}/", {"q": q, "limit": 50}).json()
    assert dsl["count"] == api["count"] > 0
    assert [item["id"] for item in dsl["results"]] == [item["id"] for item in api["results"]]


def test_search_language_must_be_a_shop_language(shop):
    response = APIClient().get(URL, {"search": "bota", "lang": "xx"})
    assert response.status_code == 400 and "lang" in response.json()


def test_highlights_escape_the_products_html(shop):
    hostile = make_product({"cs": '<img src=x onerror="alert(1)"> bota'})
    client().indices.refresh(index=alias())
    response = APIClient().get(URL, {"search": "bota", "highlight": "title.cs"})
    by_id = {item["id"]: item for item in response.json()["results"]}
    fragment = by_id[hostile.id]["highlight"]["title.cs"][0]
    assert "<img" not in fragment and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in fragment
    assert "<mark>bota</mark>" in fragment
    assert by_id[shop["red"].id]["highlight"]["title.cs"] == ["Červená <mark>bota</mark>"]


def test_suggest_without_a_suggester_is_a_400_with_a_message(shop):
    """Found by the hostile-input run: the package answered 400 with no body."""
    response = APIClient().get(f"{URL}suggest/", {"q": "bota"})
    assert response.status_code == 400 and "title_cs__completion" in response.json()["detail"]
