"""Suggest's three sections (queries, categories, products) from both backends, against the real
Elasticsearch and PostgreSQL, and its 400s."""
from decimal import Decimal

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from products.models import Product
from products.tests.factories import make_category, make_product
from search.indexing.indices import alias, client

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]
SUGGEST = "/api/search/suggest/{lang}/"


@pytest.fixture
def kitchen():
    kitchen = make_category({"cs": "Kuchyně", "en": "Kitchen"})
    knives = make_category({"cs": "Nože", "en": "Knives"}, parent=kitchen)
    shoes = make_category({"cs": "Obuv", "en": "Footwear"})
    shop = {
        "kitchen": kitchen, "knives": knives, "shoes": shoes,
        "fatra": make_product({"cs": "Kuchyňský nůž Fatra", "en": "Kitchen knife Fatra"}, category=knives,
                              price=Decimal("350"), stock=3),
        "lyra": make_product({"cs": "Kuchyňský nůž Lyra", "en": "Kitchen knife Lyra"}, category=knives,
                             price=Decimal("420"), stock=0),
        "set": make_product({"cs": "Sada kuchyňských nožů", "en": "Kitchen knife set"}, category=knives,
                            price=Decimal("1200")),
        "scale": make_product({"cs": "Kuchyňská váha", "en": "Kitchen scale"}, category=kitchen,
                              price=Decimal("600")),
        "shoe": make_product({"cs": "Červená bota", "en": "Red shoe"}, category=shoes, price=Decimal("900")),
        "hidden": make_product({"cs": "Kuchyňský nůž Skrytý"}, category=knives, published=False),
    }
    client().indices.refresh(index=alias())
    return shop


def suggest(q, lang="cs", expect_backend=None):
    response = APIClient().get(SUGGEST.format(lang=lang), {"q": q})
    assert response.status_code == 200, response.content
    if expect_backend:
        assert response["X-Search-Backend"] == expect_backend
    return response.json()


def test_the_answer_has_the_three_sections_and_the_titles(backend, kitchen):
    body = suggest("kuch", expect_backend=backend)
    assert set(body) == {"queries", "categories", "products", "suggestions"}
    assert set(body["suggestions"]) == {"Kuchyňský nůž Fatra", "Kuchyňský nůž Lyra", "Sada kuchyňských nožů",
                                        "Kuchyňská váha"}


def test_products_are_published_previews_with_price_stock_and_page(backend, kitchen):
    products = suggest("kuchyňský nůž", expect_backend=backend)["products"]
    by_id = {item["id"]: item for item in products}
    assert {kitchen["fatra"].id, kitchen["lyra"].id} <= set(by_id)
    assert kitchen["hidden"].id not in by_id
    fatra = by_id[kitchen["fatra"].id]
    assert fatra == {"id": kitchen["fatra"].id, "title": "Kuchyňský nůž Fatra", "price": "350.00",
                     "in_stock": True, "url": f"/products/{kitchen['fatra'].id}/?lang=cs"}
    assert by_id[kitchen["lyra"].id]["in_stock"] is False
    page = APIClient().get(fatra["url"])
    assert page.status_code == 200 and "Kuchyňský nůž Fatra" in page.content.decode()


def test_products_match_lemmas_and_folded_forms(backend, kitchen):
    """"noze" (nože without diacritics) reaches nůž by its lemma, and in Elasticsearch, whose titles
    are lemmatised too, nožů (PostgreSQL's vectors hold titles as written, as its search does)."""
    found = {item["id"] for item in suggest("noze", expect_backend=backend)["products"]}
    lemmatised_titles = {kitchen["set"].id} if backend == "elasticsearch" else set()
    assert found == {kitchen["fatra"].id, kitchen["lyra"].id} | lemmatised_titles
    english = {item["id"] for item in suggest("knives", lang="en", expect_backend=backend)["products"]}
    assert english == {kitchen["fatra"].id, kitchen["lyra"].id, kitchen["set"].id}


def test_categories_named_by_the_text_come_first_then_those_of_the_products(backend, kitchen):
    categories = suggest("kuch", expect_backend=backend)["categories"]
    assert categories == [
        # named: every published product in it or below (the hidden knife does not count)
        {"id": kitchen["kitchen"].id, "label": "Kuchyně", "count": 4, "query": "Kuchyně"},
        # the matching products' own category, with how many of them are in it
        {"id": kitchen["knives"].id, "label": "Nože", "count": 3, "query": "kuch"},
    ]
    assert suggest("noze", expect_backend=backend)["categories"] == [
        {"id": kitchen["knives"].id, "label": "Nože", "count": 3, "query": "Nože"},
    ]
    assert suggest("bot", expect_backend=backend)["categories"] == [
        {"id": kitchen["shoes"].id, "label": "Obuv", "count": 1, "query": "bot"},
    ]


def test_a_category_without_published_products_is_not_offered(backend, kitchen):
    make_category({"cs": "Kuchařky"})
    assert [item["label"] for item in suggest("kucha", expect_backend=backend)["categories"]] == []


def test_queries_complete_from_the_catalogs_phrases(backend, kitchen):
    call_command("search_suggest_rollup")
    # category names, and a title beginning two published products share; the most products first
    assert suggest("kuch", expect_backend=backend)["queries"] == ["kuchyně", "kuchyňský nůž"]
    assert suggest("kuchynsky n", expect_backend=backend)["queries"] == ["kuchyňský nůž"]
    assert suggest("nuz", expect_backend=backend)["queries"] == ["nože", "kuchyňský nůž"]
    assert suggest("kuchyňský nůž", expect_backend=backend)["queries"] == []  # not what is typed already


def test_an_unpublish_leaves_the_previews_and_counts(backend, kitchen):
    Product.objects.filter(id=kitchen["lyra"].id).update(is_published=False)
    kitchen["lyra"].refresh_from_db()
    kitchen["lyra"].save()  # through the outbox: the index drops it
    client().indices.refresh(index=alias())
    body = suggest("kuchyňský nůž", expect_backend=backend)
    assert kitchen["lyra"].id not in {item["id"] for item in body["products"]}
    assert kitchen["fatra"].id in {item["id"] for item in body["products"]}
    assert {item["label"]: item["count"] for item in suggest("kuch")["categories"]} == {"Kuchyně": 3, "Nože": 2}


def test_nothing_matching_answers_empty_sections(backend, kitchen):
    assert suggest("zzzqx", expect_backend=backend) == {"queries": [], "categories": [], "products": [],
                                                        "suggestions": []}
    assert suggest("!!!", expect_backend=backend) == {"queries": [], "categories": [], "products": [],
                                                      "suggestions": []}


@pytest.mark.parametrize("params, lang, parameter", [
    ({}, "cs", "q"),
    ({"q": ""}, "cs", "q"),
    ({"q": "a" * 201}, "cs", "q"),
    ({"q": "nůž\x00"}, "cs", "q"),
    ({"q": "x" * 65 + " nůž"}, "cs", "q"),
    ({"q": "nůž"}, "xx", "lang"),
])
def test_bad_input_is_a_400_naming_the_parameter(backend, kitchen, params, lang, parameter):
    response = APIClient().get(SUGGEST.format(lang=lang), params)
    assert response.status_code == 400
    assert parameter in response.json()


def test_the_schema_describes_the_sections():
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    answer = schema["paths"]["/api/search/suggest/{lang}/"]["get"]["responses"]["200"]["content"]
    reference = answer["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    components = schema["components"]["schemas"]
    assert set(components[reference]["properties"]) == {"queries", "categories", "products", "suggestions"}
    assert set(components["SuggestProduct"]["properties"]) == {"id", "title", "price", "in_stock", "url"}
    assert set(components["SuggestCategory"]["properties"]) == {"id", "label", "count", "query"}


def test_the_answer_built_directly_is_what_the_serializers_describe(backend, kitchen):
    from search.selectors.suggest import suggest as suggest_selector
    from search.suggest_serializers import SuggestCategorySerializer, SuggestProductSerializer, suggest_json

    found = suggest_selector("kuch", "cs")
    assert found.products and found.categories
    assert suggest_json(found) == {
        "queries": found.queries,
        "categories": SuggestCategorySerializer(found.categories, many=True).data,
        "products": SuggestProductSerializer(found.products, many=True).data,
        "suggestions": found.suggestions,
    }
