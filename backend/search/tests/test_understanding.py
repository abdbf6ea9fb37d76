"""Queries that carry price, order and attribute intent are answered as if the shopper had set
the filters, on Elasticsearch and on the PostgreSQL fallback; `understand=0` reads words only."""
from decimal import Decimal

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from products.tests.factories import make_attribute_value, make_category, make_product
from search.indexing.indices import alias, client
from search.indexing.outbox import record_product_changes
from search.models import ProductPopularity
from search.understanding import understand
from search.understanding.prices import read_prices
from search.understanding.vocabulary import forget_vocabularies

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]


@pytest.fixture
def shop():
    forget_vocabularies(["cs", "en"])
    red = make_attribute_value("colour", "red", {"cs": "červená", "en": "red"}, {"cs": "Barva", "en": "Colour"})
    blue = make_attribute_value("colour", "blue", {"cs": "modrá", "en": "blue"})
    shoes = make_category({"cs": "Boty a tenisky", "en": "Shoes"})
    lamps = make_category({"cs": "Lampy", "en": "Lamps"})
    knives = make_category({"cs": "Kuchyňské nože", "en": "Knives"})
    made = {
        "red_cheap": make_product({"cs": "Červené boty Alfa", "en": "Red shoes Alfa"}, price=Decimal("900"),
                                  category=shoes, attribute_values=[red]),
        "red_dear": make_product({"cs": "Červené boty Vega", "en": "Red shoes Vega"}, price=Decimal("2179"),
                                 category=shoes, attribute_values=[red]),
        "blue_shoes": make_product({"cs": "Modré boty Luna", "en": "Blue shoes Luna"}, price=Decimal("800"),
                                   category=shoes, attribute_values=[blue]),
        "lamp_cheap": make_product({"cs": "Stolní lampa Orion"}, price=Decimal("450"), category=lamps),
        "lamp_dear": make_product({"cs": "Stojací lampa Atlas"}, price=Decimal("3200"), category=lamps),
    }
    for number, price in enumerate(("250", "990", "1500")):
        made[f"knife{number}"] = make_product({"cs": f"Kuchyňský nůž {number}"}, price=Decimal(price),
                                              category=knives)
    client().indices.refresh(index=alias())
    return {**made, "red": red, "blue": blue}


def _search(**params):
    response = APIClient().get("/api/search/products/cs/", params)
    assert response.status_code == 200, response.content
    return response.json()


def _ids(body):
    return [item["id"] for item in body["results"]]


def test_a_price_limit_in_the_query_is_the_filter(shop, backend):
    understood = _search(q="nože do 1000 Kč")
    explicit = _search(q="nože", price_max="1000")
    assert _ids(understood) == _ids(explicit) and understood["count"] == explicit["count"] == 2
    assert understood["facets"] == explicit["facets"]
    assert understood["understood"][0] == {"kind": "price_max", "key": "price_max", "value": 1000.0,
                                           "text": "do 1000 Kč", "applied": True}


def test_colour_and_price_words_answer_only_red_shoes_within_the_price(shop, backend):
    body = _search(q="červené boty do 1500 Kč")
    assert _ids(body) == [shop["red_cheap"].id]
    kinds = {item["kind"]: item for item in body["understood"]}
    assert kinds["price_max"]["value"] == 1500.0
    assert kinds["attribute"] == {"kind": "attribute", "key": f"attribute:{shop['red'].id}", "text": "červené",
                                  "id": shop["red"].id, "label": "Barva: červená", "applied": True}


def test_an_order_word_sorts(shop, backend):
    assert _ids(_search(q="nejlevnější lampa")) == _ids(_search(q="lampa", sort="price")) == [
        shop["lamp_cheap"].id, shop["lamp_dear"].id]
    assert _ids(_search(q="nejdražší lampa"))[0] == shop["lamp_dear"].id


def _set_popularity(scores):
    """Czech popularity scores as the roll-up stores them, pushed to the index through the outbox."""
    with transaction.atomic():
        for product, value in scores:
            ProductPopularity.objects.update_or_create(
                product=product, language="cs", defaults={"clicks": 0, "expected": 0, "score": value})
        record_product_changes([product.id for product, _ in scores])
    client().indices.refresh(index=alias())


def test_a_popularity_word_sorts_by_popularity(shop, backend):
    _set_popularity([(shop["lamp_dear"], 0.9), (shop["lamp_cheap"], 0.1)])
    body = _search(q="nejoblíbenější lampa")
    assert _ids(body) == _ids(_search(q="lampa", sort="popular")) == [shop["lamp_dear"].id, shop["lamp_cheap"].id]
    assert body["understood"][0] == {"kind": "sort", "key": "sort", "value": "popular", "text": "nejoblíbenější",
                                     "applied": True}
    for text, language in (("most popular lamps", "en"), ("bestsellers", "en"), ("najobľúbenejšie lampy", "sk")):
        assert [item.value for item in understand(text, language).understood if item.kind == "sort"] == [
            "popular"], text
    dsl = APIClient().get("/api/search/dsl/products/", {"search": "nejoblíbenější lampa"}).json()
    assert [item["id"] for item in dsl["results"]] == [shop["lamp_dear"].id, shop["lamp_cheap"].id]


def test_understand_0_reads_words_only(shop, backend):
    body = _search(q="nože do 1000 Kč", understand="0")
    # "1000" and "Kč" are in no title: only some words matched, every knife
    assert body["understood"] == [] and body["relaxed"] and body["count"] == 3


def test_explicit_parameters_win(shop, backend):
    body = _search(q="nože do 1000 Kč", price_max="2000")
    assert body["count"] == 3 and "price_max" not in {item["kind"] for item in body["understood"]}
    assert _ids(_search(q="nejlevnější lampa", sort="-price"))[0] == shop["lamp_dear"].id
    blue = _search(q="červené boty", attr=shop["blue"].id)  # the colour is set: červené is not applied
    assert "attribute" not in {item["kind"] for item in blue["understood"]}


def test_skip_undoes_one_understood_part_and_reads_its_words_as_words(shop, backend):
    red = f"attribute:{shop['red'].id}"
    colour_kept = _search(q="červené boty do 1500 Kč", skip=red)
    assert {item["kind"] for item in colour_kept["understood"]} == {"price_max", "category"}
    # "červené" searched as a word instead: one shoe matches every word, the short page is
    # filled with the other shoes under the limit (search/selectors/fill.py)
    assert colour_kept["count"] == 1 and _ids(colour_kept) == [shop["red_cheap"].id, shop["blue_shoes"].id]
    assert colour_kept["filled_ids"] == [shop["blue_shoes"].id] and colour_kept["filled_without"] == ["červené"]
    words = _search(q="nože do 1000 Kč", skip="price_max")
    assert [item["kind"] for item in words["understood"]] == ["category"]  # "nože" names one: a boost
    assert words["count"] == 3 and words["relaxed"]  # "do 1000 Kč" as words: in no title


def test_skip_names_only_what_can_be_understood(shop):
    response = APIClient().get("/api/search/products/cs/", {"q": "boty", "skip": "price"})
    assert response.status_code == 400 and "skip" in response.json()


def test_understood_filters_that_leave_nothing_are_dropped_and_said_so(shop, backend):
    body = _search(q="modré boty do 500 Kč")  # the blue shoes cost 800
    assert body["count"] > 0 and all(item["applied"] is False for item in body["understood"])


def test_every_word_understood_browses_the_filters(shop, backend):
    body = _search(q="červené do 1000 Kč")
    assert _ids(body) == [shop["red_cheap"].id]


@pytest.mark.parametrize("text", ["do do 1000", "Kč", "od 500 do 200", "boty do 99999999999999 Kč",
                                  "pod -5", "€", "do 1.000.000.000.000.000"])
def test_nonsense_inside_the_text_is_never_an_error(shop, backend, text):
    _search(q=text)


def test_prices_read_from_text():
    phrase = "od 200 do 500 Kč"
    assert read_prices(phrase)[0] == {"price_min": (Decimal("200"), phrase), "price_max": (Decimal("500"), phrase)}
    assert read_prices("max 1 000")[0] == {"price_max": (Decimal("1000"), "max 1 000")}
    assert read_prices("up to 1000 €")[0]["price_max"][0] == Decimal("1000")
    for text in ("lampa Lyra 328", "boty 37-42", "AB-12-34", "od 500 do 200", "Kč"):
        assert read_prices(text) == ({}, text)


def test_attribute_words_are_found_by_lemma_and_folded_form(shop):
    for text in ("červené", "cervena", "červenou"):
        assert [item.id for item in understand(f"{text} boty", "cs").understood if item.kind == "attribute"] == [
            shop["red"].id], text


def test_the_dsl_endpoint_reads_the_query_the_same_way(shop):
    dsl = "/api/search/dsl/products/"
    body = APIClient().get(dsl, {"search": "červené boty do 1500 Kč"}).json()
    assert [item["id"] for item in body["results"]] == [shop["red_cheap"].id]
    cheapest = APIClient().get(dsl, {"search": "nejlevnější lampa"}).json()
    assert [item["id"] for item in cheapest["results"]] == [shop["lamp_cheap"].id, shop["lamp_dear"].id]
    words_only = APIClient().get(dsl, {"search": "červené boty do 1500 Kč", "understand": "0"}).json()
    assert words_only["count"] == 0  # every word must match, and "1500" and "Kč" are in no title


def test_a_colour_the_slovak_lexicon_lacks_is_read_in_every_form(shop):
    forget_vocabularies(["sk"])
    blue = shop["blue"]  # named "modrá" in Czech, which Slovak falls back to
    green = make_attribute_value("colour", "green", {"sk": "zelená"})
    for text, value in (("modré tričká", blue), ("modrý kabát", blue), ("modrou", blue), ("zelená deka", green),
                        ("zelené", green)):
        assert [item.id for item in understand(text, "sk").understood if item.kind == "attribute"] == [
            value.id], text
    assert understand("tričká Modena", "sk").understood == ()  # only the value's own forms
