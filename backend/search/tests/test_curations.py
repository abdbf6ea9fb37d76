"""Staff's curations: pinned products first in order, hidden ones gone, unpublished never shown."""
import pytest

from products.tests.factories import make_product
from search.models import CuratedProduct, Curation
from search.tests.test_apis import ids, search

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]
BACKENDS = [pytest.param(True, id="elasticsearch"), pytest.param(False, id="postgres")]


@pytest.fixture
def lamps():
    return {name: make_product({"cs": title}, price=price) for name, title, price in [
        ("desk", "Stolní lampa Vega", 900), ("floor", "Stojací lampa Orion", 1500),
        ("wall", "Nástěnná lampa Atlas", 700), ("mug", "Keramický hrnek", 150),
    ]}


def curate(query, pins=(), hides=(), language="cs"):
    curation = Curation.objects.create(language=language, query=query)
    for position, product in enumerate(pins):
        CuratedProduct.objects.create(curation=curation, product=product, position=position)
    for product in hides:
        CuratedProduct.objects.create(curation=curation, product=product, action=CuratedProduct.HIDE)
    return curation


@pytest.mark.parametrize("use_elastic", BACKENDS)
def test_pinned_products_come_first_in_order_and_hidden_ones_are_gone(settings, lamps, use_elastic):
    settings.USE_ELASTIC = use_elastic
    curate("lampa", pins=[lamps["mug"], lamps["wall"]], hides=[lamps["floor"]])
    response = search(q="Lampa")  # queries match normalised
    assert response["X-Search-Backend"] == ("elasticsearch" if use_elastic else "postgres")
    assert ids(response) == [lamps["mug"].id, lamps["wall"].id, lamps["desk"].id]
    assert response.json()["count"] == 3


@pytest.mark.parametrize("use_elastic", BACKENDS)
def test_an_unpublished_pinned_product_is_never_shown(settings, lamps, use_elastic):
    settings.USE_ELASTIC = use_elastic
    hidden_draft = make_product({"cs": "Lampa prototyp"}, published=False)
    curate("lampa", pins=[hidden_draft, lamps["wall"]])
    found = ids(search(q="lampa"))
    assert hidden_draft.id not in found and found[0] == lamps["wall"].id


def test_pins_continue_across_pages(lamps):
    curate("lampa", pins=[lamps["mug"], lamps["wall"]])
    first, second = ids(search(q="lampa", limit=2)), ids(search(q="lampa", limit=2, offset=2))
    assert first == [lamps["mug"].id, lamps["wall"].id]
    assert set(second) == {lamps["desk"].id, lamps["floor"].id}
    assert ids(search(q="lampa", limit=2, offset=1)) == [lamps["wall"].id, second[0]]
    assert search(q="lampa", limit=2, offset=2).json()["count"] == 4


def test_pins_respect_filters_and_sorting(lamps):
    curate("lampa", pins=[lamps["mug"]])
    assert lamps["mug"].id not in ids(search(q="lampa", price_min=500))
    assert ids(search(q="lampa", sort="price"))[0] == lamps["wall"].id


def test_other_queries_and_languages_are_untouched(lamps):
    curate("lampa", pins=[lamps["mug"]], hides=[lamps["desk"]])
    assert lamps["desk"].id in ids(search(q="lampa vega"))
    assert lamps["mug"].id not in ids(search(lang="en", q="lampa"))


def test_curation_admin_normalises_the_query_and_is_live_at_once(staff_client, lamps):
    response = staff_client.post("/admin/search/curation/add/", {
        "language": "cs", "query": "  LAMPA ",
        "products-TOTAL_FORMS": "1", "products-INITIAL_FORMS": "0",
        "products-0-action": "pin", "products-0-product": lamps["mug"].id, "products-0-position": "0",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Curation.objects.get().query == "lampa"
    assert ids(search(q="lampa"))[0] == lamps["mug"].id
