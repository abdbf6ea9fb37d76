"""The cache of Elasticsearch's answers (search/selectors/answer_cache.py): hits for repeated
searches, never across languages, filters, pages or rankings, never outliving a change of the
index or of staff's rules, and bypassed when Redis is down."""
import time

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from common.breaker import reset_all
from products.services import set_products_published, update_product
from products.tests.factories import make_category, make_product
from search import index_generation
from search.apis.products import SearchProducts
from search.documents import ProductDocument
from search.index_generation import KEY as GENERATION_KEY
from search.indexing.indices import alias, client
from search.indexing.rebuild import rebuild_product_index
from search.models import Synonym
from search.product_search import prepare, run
from search.ranking import Ranking
from search.selectors.answer_cache import forget_process_answers
from search.serializers import ProductSearchParamsSerializer
from search.tests.helpers import wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]
SEARCH = "/api/search/products/{lang}/"


@pytest.fixture(params=["redis", "process"])
def answer_cache(request, settings, test_redis):
    """The cache on, in each store, with an empty Redis database and process LRU."""
    settings.SEARCH_CACHE_ENABLED = True
    settings.SEARCH_CACHE_STORE = request.param
    forget_process_answers()
    reset_all()
    yield request.param
    forget_process_answers()
    reset_all()


@pytest.fixture
def boots(test_redis):
    shoes = make_category({"cs": "Obuv", "sk": "Obuv"})
    red = make_product({"cs": "Červená bota", "sk": "Červená topánka"}, category=shoes, stock=0)
    blue = make_product({"cs": "Modrá bota", "sk": "Modrá topánka"}, category=shoes)
    client().indices.refresh(index=alias())
    test_redis.delete(index_generation.SETTLING_KEY)  # refreshed by hand: nothing left to settle
    return {"red": red, "blue": blue, "shoes": shoes}


def _search(lang="cs", **params):
    response = APIClient().get(SEARCH.format(lang=lang), {"q": "bota", **params})
    assert response.status_code == 200, response.content
    return response


def _ids(response):
    return sorted(item["id"] for item in response.json()["results"])


def _settled():
    """Past the settling time of the last bump: answers are stored again."""
    time.sleep(index_generation.SETTLE_MS / 1000 + 0.1)


def test_a_repeated_search_is_a_hit_with_the_same_answer(answer_cache, boots):
    first, second = _search(), _search()
    assert (first["X-Search-Cache"], second["X-Search-Cache"]) == ("miss", "hit")
    assert second["X-Search-Backend"] == "elasticsearch"
    same = ("count", "results", "facets", "corrected_query", "relaxed")
    assert {key: second.json()[key] for key in same} == {key: first.json()[key] for key in same}
    assert _ids(second) == sorted([boots["red"].id, boots["blue"].id])


def test_whitespace_alone_does_not_make_another_search(answer_cache, boots):
    _search()
    assert _search(q="  bota ")["X-Search-Cache"] == "hit"


def test_the_shown_price_and_stock_come_from_postgres_on_a_hit(answer_cache, boots):
    _search()
    type(boots["red"]).objects.filter(pk=boots["red"].pk).update(price=1234, stock=7)  # no signal, no sync
    response = _search()
    assert response["X-Search-Cache"] == "hit"
    shown = {item["id"]: item for item in response.json()["results"]}[boots["red"].id]
    assert (shown["price"], shown["stock"]) == ("1234.00", 7)


@pytest.mark.parametrize("other", [
    {"lang": "sk", "q": "topánka"}, {"in_stock": "true"}, {"offset": "1"}, {"limit": "1"}, {"sort": "price"},
    {"q": "modrá bota"},
])
def test_another_language_filter_page_or_sort_is_a_miss(answer_cache, boots, other):
    _search()
    assert _search(**other)["X-Search-Cache"] == "miss"


def test_a_category_filter_is_a_miss(answer_cache, boots):
    _search()
    response = _search(category=boots["shoes"].id)
    assert response["X-Search-Cache"] == "miss"
    assert _search(category=boots["shoes"].id)["X-Search-Cache"] == "hit"


def _run(ranking):
    serializer = ProductSearchParamsSerializer(data={"q": "bota"})
    serializer.is_valid(raise_exception=True)
    search = prepare(serializer.validated_data, {"q"}, "cs", ranking=ranking)
    return run(search, make_query=SearchProducts().generate_q_expression, document_class=ProductDocument).page


def test_another_ranking_is_a_miss(answer_cache, boots):
    assert _run(Ranking()).cache == "miss"
    assert _run(Ranking()).cache == "hit"
    assert _run(Ranking(popularity_weight=0.5)).cache == "miss"
    assert _run(Ranking(name="arm b", experiment=3)).cache == "hit"  # the same knobs: the same answer


def _generation(test_redis):
    return int(test_redis.get(GENERATION_KEY) or 0)


def _searchable_title(product):
    """The title searches see now: read by a search, which, unlike a get, waits for no refresh."""
    hits = client().search(index=alias(), query={"ids": {"values": [str(product.id)]}}, source=["title"])
    return hits["hits"]["hits"][0]["_source"]["title"]["cs"]


def test_a_title_change_is_searchable_once_the_index_refreshes(answer_cache, boots):
    red = boots["red"]
    assert red.id in _ids(_search())
    assert _search()["X-Search-Cache"] == "hit"
    with transaction.atomic():
        update_product(red, translations=[{"language": "cs", "title": "Červená čepice"}])
    changed = time.monotonic()
    assert wait_for(lambda: _searchable_title(red) == "Červená čepice")
    refreshed = time.monotonic() - changed  # the index's own refresh (1 s; longer on a loaded machine)
    response = _search()  # the next search
    assert red.id not in _ids(response), (response["X-Search-Cache"], refreshed)
    assert red.id in _ids(_search(q="čepice"))
    _settled()
    assert _search()["X-Search-Cache"] == "miss"
    assert _ids(_search()) == [boots["blue"].id]


def test_an_unpublished_product_leaves_the_results_count_and_facets_at_once(answer_cache, boots):
    _search()
    assert _search()["X-Search-Cache"] == "hit"
    set_products_published(product_ids=[boots["red"].id], published=False)
    response = _search()
    assert _ids(response) == [boots["blue"].id]
    assert response.json()["count"] == 1
    assert sum(bucket["count"] for bucket in response.json()["facets"]["price"]["ranges"]) == 1


def test_an_unpublish_the_sync_has_not_applied_yet_is_not_served_from_the_cache(answer_cache, boots, settings):
    _search()
    assert _search()["X-Search-Cache"] == "hit"
    settings.USING_REDIS_QUEUE = True  # the sync job waits in the queue: no worker runs
    set_products_published(product_ids=[boots["red"].id], published=False)
    assert client().get(index=alias(), id=boots["red"].id)["found"]  # still indexed
    response = _search()
    assert response["X-Search-Cache"] != "hit"
    assert _ids(response) == [boots["blue"].id]
    assert response.json()["count"] == 1
    _settled()
    assert _search()["X-Search-Cache"] == "miss"
    response = _search()
    assert (response["X-Search-Cache"], response.json()["count"]) == ("hit", 1)


def test_saving_a_listed_product_moves_the_generation_only_at_its_sync(answer_cache, boots, settings, test_redis):
    before = _generation(test_redis)
    settings.USING_REDIS_QUEUE = True
    with transaction.atomic():
        update_product(boots["blue"], stock=3)
    assert _generation(test_redis) == before


def test_every_sync_batch_moves_the_generation_on(answer_cache, boots, test_redis):
    _search()
    before = _generation(test_redis)
    with transaction.atomic():
        update_product(boots["blue"], stock=3)
    assert _generation(test_redis) > before
    assert test_redis.exists(index_generation.SETTLING_KEY)
    assert _search()["X-Search-Cache"] == "bypass"  # read while the index may not have refreshed yet
    _settled()
    assert _search()["X-Search-Cache"] == "miss"
    assert _search()["X-Search-Cache"] == "hit"


def test_a_rebuild_moves_the_generation_on(answer_cache, boots, test_redis):
    _search()
    _settled()
    _search()
    assert _search()["X-Search-Cache"] == "hit"
    before = _generation(test_redis)
    rebuild_product_index()
    assert _generation(test_redis) > before
    _settled()
    assert _search()["X-Search-Cache"] == "miss"


def test_a_synonym_moves_the_generation_on(answer_cache, boots, test_redis):
    _search(q="obuv")
    before = _generation(test_redis)
    Synonym.objects.create(language="cs", kind=Synonym.ONE_WAY, source="obuv", terms="bota")
    assert _generation(test_redis) > before
    _settled()
    response = _search(q="obuv")
    assert response["X-Search-Cache"] == "miss"
    assert _ids(response) == sorted([boots["red"].id, boots["blue"].id])


def test_redis_down_bypasses_the_cache(answer_cache, boots, settings, closed_port, caplog):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port}/0"
    for _ in range(3):
        response = _search()
        assert "X-Search-Cache" not in response
        assert response["X-Search-Backend"] == "elasticsearch"
        assert _ids(response) == sorted([boots["red"].id, boots["blue"].id])
    assert "search cache: bypassed, Redis failed" in caplog.text


def test_off_the_cache_is_never_asked(settings, test_redis, boots):
    settings.SEARCH_CACHE_ENABLED = False
    assert "X-Search-Cache" not in _search()
    assert "X-Search-Cache" not in _search()
    assert not test_redis.keys("search:*")


def test_a_sync_batch_with_redis_down_still_applies_its_changes(answer_cache, boots, settings, closed_port, caplog):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port}/0"
    with transaction.atomic():
        update_product(boots["red"], translations=[{"language": "cs", "title": "Červená čepice"}])
    assert wait_for(lambda: _searchable_title(boots["red"]) == "Červená čepice")
    assert "could not bump the index generation after a sync batch" in caplog.text
    response = _search(q="čepice")
    assert (_ids(response), "X-Search-Cache" in response) == ([boots["red"].id], False)
