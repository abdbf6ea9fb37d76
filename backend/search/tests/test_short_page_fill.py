"""Issue 25's last lost cell ("linen placemats"; napkins here, a word the dictionary knows): a
first page shorter than its limit is filled, after every all-word match, with the products
matching the query without its modifiers (a material the catalog knows), flagged; never by
dropping the kind of product, and never for a model-number search. The same on Elasticsearch
and on the PostgreSQL fallback."""
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from products.tests.factories import make_attribute_value, make_category, make_product
from search.indexing.indices import alias, client
from search.queries import read_query
from search.selectors.fill import fill_words
from search.understanding.vocabulary import forget_vocabularies

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]
BACKENDS = pytest.mark.parametrize("use_elastic", [True, False], ids=["elasticsearch", "postgres"])


@pytest.fixture
def textiles():
    forget_vocabularies(["en"])
    material = {"en": "Material"}
    linen = make_attribute_value("material", "linen", {"en": "linen"}, material)
    cotton = make_attribute_value("material", "cotton", {"en": "cotton"})
    bamboo = make_attribute_value("material", "bamboo", {"en": "bamboo"})
    kitchen, shirts = make_category({"en": "Kitchen textiles"}), make_category({"en": "Shirts"})
    made = {
        "cotton_napkin": make_product({"en": "Cotton napkin Cora"}, category=kitchen, price=Decimal("300"),
                                      attribute_values=[cotton]),
        "bamboo_napkin": make_product({"en": "Bamboo napkin Dora"}, category=kitchen, price=Decimal("4000"),
                                      attribute_values=[bamboo]),
        "linen_napkin": make_product({"en": "Linen napkin Aria"}, category=kitchen, price=Decimal("400"),
                                     attribute_values=[linen]),
        "linen_napkin_2": make_product({"en": "Linen napkin Bora"}, category=kitchen, price=Decimal("500"),
                                       attribute_values=[linen]),
        # distractors: linen but no napkin; a word sharing the beginning "nap"
        "linen_shirt": make_product({"en": "Linen shirt Elba"}, category=shirts, attribute_values=[linen]),
        "napoleon_tin": make_product({"en": "Napoleon cake tin"}, category=kitchen),
        # one model line: a model number searched is that product, not its neighbours
        "vltava_549": make_product({"en": "Linen tablecloth Vltava 549"}, category=kitchen, attribute_values=[linen]),
        "vltava_550": make_product({"en": "Linen tablecloth Vltava 550"}, category=kitchen, attribute_values=[linen]),
        "vltava_551": make_product({"en": "Cotton tablecloth Vltava 551"}, category=kitchen,
                                   attribute_values=[cotton]),
    }
    made["materials"] = {"linen": linen.id, "cotton": cotton.id, "bamboo": bamboo.id}
    client().indices.refresh(index=alias())
    return made


def _search(settings, use_elastic, q, **extra):
    settings.USE_ELASTIC = use_elastic
    response = APIClient().get("/api/search/products/en/", {"q": q, "understand": "0", **extra})
    assert response.status_code == 200, response.content
    assert response["X-Search-Backend"] == ("elasticsearch" if use_elastic else "postgres")
    return response.json()


@BACKENDS
def test_a_short_page_is_filled_after_the_all_word_matches_without_the_material(textiles, settings, use_elastic):
    body = _search(settings, use_elastic, "linen napkins")
    found = [item["id"] for item in body["results"]]
    linen = {textiles["linen_napkin"].id, textiles["linen_napkin_2"].id}
    others = {textiles["cotton_napkin"].id, textiles["bamboo_napkin"].id}
    assert set(found[:2]) == linen  # every word first
    assert set(found[2:]) == others and len(found) == 4  # then napkins of other materials, nothing else
    assert body["filled_ids"] == found[2:] and body["filled_without"] == ["linen"]
    assert body["count"] == 2 and body["next"] is None  # the count is the all-word matches
    materials = {value["id"]: value["count"] for group in body["facets"]["attributes"] for value in group["values"]}
    assert materials == {textiles["materials"]["linen"]: 2}
    assert body["relaxed"] is False


@BACKENDS
def test_a_full_page_and_a_page_past_the_first_are_not_filled(textiles, settings, use_elastic):
    full = _search(settings, use_elastic, "linen napkins", limit=2)
    assert len(full["results"]) == 2 and full["filled_ids"] == [] and full["filled_without"] == []
    later = _search(settings, use_elastic, "linen napkins", limit=1, offset=1)
    assert len(later["results"]) == 1 and later["filled_ids"] == []


@BACKENDS
def test_the_fill_keeps_the_shoppers_filters(textiles, settings, use_elastic):
    body = _search(settings, use_elastic, "linen napkins", price_max="1000")
    found = [item["id"] for item in body["results"]]
    assert set(found[:2]) == {textiles["linen_napkin"].id, textiles["linen_napkin_2"].id}
    assert found[2:] == body["filled_ids"] == [textiles["cotton_napkin"].id]  # not the 4000 bamboo one


@BACKENDS
def test_a_model_number_search_is_not_padded_with_its_model_line(textiles, settings, use_elastic):
    body = _search(settings, use_elastic, "Vltava-549")
    assert [item["id"] for item in body["results"]] == [textiles["vltava_549"].id]
    assert body["filled_ids"] == [] and body["filled_without"] == []
    # A material and a model number: three of the four words match 550 too (a short page), and
    # without "linen" the cotton 551 would match; a digit in the query means no fill.
    body = _search(settings, use_elastic, "linen tablecloth Vltava-549")
    found = [item["id"] for item in body["results"]]
    assert found[0] == textiles["vltava_549"].id and textiles["vltava_551"].id not in found
    assert body["filled_ids"] == [] and body["filled_without"] == []


def test_only_modifiers_are_dropped_never_the_kind_or_a_model_number(textiles):
    assert fill_words(read_query("linen napkins", "en")) == ("napkins", ("linen",))
    assert fill_words(read_query("linen tablecloth vltava549", "en")) is None  # a model number
    assert fill_words(read_query("linen cotton", "en")) is None  # nothing but modifiers
    assert fill_words(read_query("napkins", "en")) is None
    assert fill_words(read_query("kitchen napkins", "en")) is None  # a category's word is a kind
