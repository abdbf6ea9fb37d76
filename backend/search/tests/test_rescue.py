"""A search that finds nothing as typed is corrected, completed or relaxed, and says so."""
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from products.tests.factories import make_product
from search.indexing.indices import alias, client
from search.models import PendingIndexChange
from search.tests.helpers import elasticsearch_unreachable

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]


@pytest.fixture
def shop():
    made = {
        "table": make_product({"cs": "Dřevěný jídelní stůl", "sk": "Drevený stôl"}),
        "kettle": make_product({"cs": "Rychlovarná konvice", "sk": "Rýchlovarná kanvica"}),
        "boots": make_product({"cs": "Kožené kozačky", "sk": "Kožené čižmy"}),
        "hidden": make_product({"cs": "Dřevěná konvice"}, published=False),
    }
    client().indices.refresh(index=alias())
    return made


def search(q, lang="cs", **params):
    response = APIClient().get(f"/api/search/products/{lang}/", {"q": q, **params})
    assert response.status_code == 200, response.content
    return response.json()


def ids(body):
    return [item["id"] for item in body["results"]]


def test_a_match_as_typed_is_neither_corrected_nor_relaxed(shop):
    body = search("stoly")
    assert ids(body) == [shop["table"].id]
    assert body["corrected_query"] is None and body["relaxed"] is False


@pytest.mark.parametrize("typed, corrected", [("stlu", "stul"), ("konvyce", "konvice"),
                                              ("dřevěný stlu", "dřevěný stul")])
def test_misspelled_words_are_corrected_from_the_catalogs_own_words(shop, typed, corrected):
    body = search(typed)
    assert body["corrected_query"] == corrected and body["relaxed"] is False
    assert ids(body)[0] in {shop["table"].id, shop["kettle"].id}
    assert shop["hidden"].id not in ids(body)


def test_a_typo_that_is_itself_a_dictionary_word_is_corrected_to_the_catalogs_word(shop):
    lamp = make_product({"cs": "Stolní lampa", "en": "Table lamp"})
    client().indices.refresh(index=alias())
    english = search("lamb", "en")  # a real word; the shop sells no lambs
    assert english["corrected_query"] == "lamp" and ids(english) == [lamp.id]
    czech = search("lama")  # "lama" is a Czech word too
    assert czech["corrected_query"] == "lampa" and ids(czech) == [lamp.id]


@pytest.mark.parametrize("typed, corrected, wanted", [
    ("goats", "coats", {"coat", "coats_too"}), ("ballets", "wallets", {"wallet"}), ("settle", "kettle", {"kettle"}),
    ("boats", "boots", {"boots"}),  # as close to coats: the typed first letter decides
])
def test_a_real_word_typo_of_its_first_letter_is_corrected_past_the_words_that_share_it(typed, corrected, wanted):
    """Among distractors one letter further that share the first letter (glass for goats, baskets
    for ballets, setter for settle), the catalog's word one letter away wins."""
    made = {name: make_product({"en": title}) for name, title in [
        ("coat", "Wool coats Atlas"), ("wallet", "Leather wallets Nova"), ("kettle", "Electric kettle Vega"),
        ("glass", "Glass mug Luna"), ("basket", "Bamboo bread baskets Orion"), ("setter", "Tile setter Lyra"),
        ("boots", "Leather boots Terra"), ("coats_too", "Cotton coats Alfa"),
    ]}
    client().indices.refresh(index=alias())
    body = search(typed, "en")
    assert body["corrected_query"] == corrected
    assert set(ids(body)) == {made[name].id for name in wanted}


def test_a_whole_word_that_finds_nothing_is_completed_as_the_beginning_of_one(shop):
    """"čiž" is a Slovak word of its own, so it is not a prefix at first; nothing has it."""
    body = search("čiž", "sk")
    assert ids(body) == [shop["boots"].id]
    assert body["relaxed"] is True and body["corrected_query"] is None
    assert body["results"][0]["highlight"]["title"] == ["Kožené <mark>čižmy</mark>"]


def test_when_no_product_has_every_word_some_words_are_enough(shop):
    body = search("dřevěný stůl pro obra")
    assert body["relaxed"] is True
    assert ids(body)[0] == shop["table"].id


def test_nothing_at_all_stays_an_empty_page(shop):
    body = search("xqzwv")
    assert body["count"] == 0 and body["results"] == [] and body["relaxed"] is False


def searches_made_by(request):
    """How many searches Elasticsearch ran on the test index for `request()`. The fixture's
    unpublished product is settled first (its change applied long ago), so the search is not
    made again for a product unlisted in flight since this process's last search
    (search/selectors/unlisted.py)."""
    PendingIndexChange.objects.update(processed_at=timezone.now() - timedelta(minutes=1))

    def total():
        return client().indices.stats(index=alias(), metric="search")["_all"]["total"]["search"]["query_total"]

    before = total()
    request()
    return total() - before


def test_one_word_found_nowhere_is_tried_once_more_as_a_beginning_only(shop):
    """Nothing under the price limit: the word is also tried as a beginning ("stůl" ->
    "stůlek"), and not again with "only some words" (for one word, the same search). The
    spelling check before it is a suggest request (no correction: the catalog uses "stůl")."""
    made = searches_made_by(lambda: search("stůl", price_max="0.5"))
    assert made == 2


def test_later_pages_are_never_rescued(shop):
    body = search("stlu", offset=20)
    assert body["count"] == 0 and body["corrected_query"] is None


def test_the_postgres_fallback_looks_for_lemmas_too(shop, closed_port):
    """"stoly" is also looked for as "stůl", which the title uses."""
    with elasticsearch_unreachable(closed_port):
        response = APIClient().get("/api/search/products/cs/", {"q": "stoly"})
    assert response["X-Search-Backend"] == "postgres"
    assert ids(response.json()) == [shop["table"].id]
