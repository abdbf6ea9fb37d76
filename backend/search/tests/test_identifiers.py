"""SKUs and model numbers are found however they are typed: any case, any separator or none."""
import pytest
from rest_framework.test import APIClient

from products.tests.factories import make_product
from search.indexing.indices import alias, client

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]


@pytest.fixture
def knives():
    made = {
        "wanted": make_product({"cs": "Kuchyňský nůž Lyra 328"}, sku="KNF-000670"),
        "next": make_product({"cs": "Kuchyňský nůž Vega 12"}, sku="KNF-000671"),
        "other": make_product({"cs": "Kuchyňský nůž Orion"}, sku="KNF-100670"),
        "model": make_product({"cs": "Stolní lampa LX-328"}, sku="LMP-77"),
    }
    client().indices.refresh(index=alias())
    return made


def _ids(**params):
    response = APIClient().get("/api/search/products/cs/", params)
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


@pytest.mark.parametrize("use_elastic", [True, False], ids=["elasticsearch", "postgres"])
@pytest.mark.parametrize("typed", ["KNF-000670", "knf000670", "knf 000670", "KNF/000670", "knf.000670", "knf_000670"])
def test_a_sku_typed_with_any_separator_or_none_comes_first(knives, settings, use_elastic, typed):
    settings.USE_ELASTIC = use_elastic
    assert _ids(q=typed)[0] == knives["wanted"].id


def test_a_sku_prefix_without_separators_finds_the_skus_it_begins(knives):
    found = _ids(q="knf00067")
    assert set(found[:2]) == {knives["wanted"].id, knives["next"].id}
    assert knives["other"].id not in found[:2]


@pytest.mark.parametrize("typed", ["lyra328", "Lyra 328", "lyra-328"])
def test_a_model_number_is_found_written_together_or_apart(knives, typed):
    assert _ids(q=typed)[0] == knives["wanted"].id


def test_a_model_number_written_together_in_the_title_is_found_apart(knives):
    assert _ids(q="lx 328")[0] == knives["model"].id
    assert _ids(q="lx328")[0] == knives["model"].id


@pytest.mark.parametrize("use_elastic", [True, False], ids=["elasticsearch", "postgres"])
@pytest.mark.parametrize("typed", ["----", "-/._", "9" * 200, "a1" * 60, "_"])
def test_identifiers_of_separators_only_or_hundreds_of_digits_are_harmless(knives, settings, use_elastic, typed):
    settings.USE_ELASTIC = use_elastic
    response = APIClient().get("/api/search/products/cs/", {"q": typed})
    assert response.status_code in (200, 400), response.content
