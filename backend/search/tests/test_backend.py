"""Which failures count against the Elasticsearch breaker (search/selectors/backend.py,
search/clients.is_outage), against the real cluster: only not reaching or not hearing
from it. Our own unserialisable request and a query it refuses do not; a refused query
is the client's 400, not the PostgreSQL fallback."""
import pytest
from elastic_transport import SerializationError
from rest_framework.exceptions import ValidationError
from rest_framework.test import APIClient

from common.breaker import CLOSED, OPEN
from common.tests.processes import wait_until
from products.tests.factories import make_product
from search.clients import elasticsearch_breaker, request_client
from search.documents import ProductDocument
from search.indexing.indices import alias, client
from search.selectors.backend import POSTGRES, answer, elasticsearch_answers
from search.tests.helpers import elasticsearch_unreachable

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("product_index", "inprocess_sync")]

BEYOND_64_BITS = "99999999999999999999"
EXPANDING = "stul" + "\ufdfa" * 50  # NFKD: each U+FDFA is 18 letters


@pytest.fixture
def shop():
    made = make_product({"cs": "Dřevěný stůl"})
    client().indices.refresh(index=alias())
    return made


def _search(body):
    return request_client(ProductDocument).search(index=ProductDocument._index._name, body=body)


def test_a_request_the_client_cannot_serialise_never_opens_the_breaker(shop):
    body = {"query": {"term": {"category_path": int(BEYOND_64_BITS)}}}
    for _ in range(5):
        found = answer(lambda: _search(body), lambda: "from postgres")
        assert found.backend == POSTGRES and found.fallback_reason == SerializationError.__name__
    assert elasticsearch_breaker().state == CLOSED


def test_a_query_elasticsearch_refuses_is_a_400_and_never_opens_the_breaker(shop):
    body = {"query": {"range": {"price": {"gte": "not a price"}}}}
    for _ in range(5):
        with pytest.raises(ValidationError) as refused:
            answer(lambda: _search(body), lambda: pytest.fail("a refused query must not fall back"))
        assert "q" in refused.value.detail
    assert elasticsearch_breaker().state == CLOSED


def test_an_unreachable_cluster_still_opens_it(shop, settings, closed_port):
    with elasticsearch_unreachable(closed_port):
        for _ in range(settings.ELASTICSEARCH_BREAKER_FAILURES):
            assert answer(lambda: _search({"query": {"match_all": {}}}), lambda: "pg").backend == POSTGRES
        assert elasticsearch_breaker().state == OPEN


def test_the_background_probe_tells_an_answering_cluster_from_an_unreachable_one(shop, closed_port):
    assert elasticsearch_answers()
    with elasticsearch_unreachable(closed_port):
        assert not elasticsearch_answers()


def test_half_open_searches_answer_from_postgres_while_the_probe_closes_it(shop, settings):
    settings.ELASTICSEARCH_BREAKER_RESET_SECONDS = 0  # opened, and due for its trial at once
    guard = elasticsearch_breaker()
    for _ in range(guard.failure_threshold):
        guard.record_failure()
    found = answer(lambda: _search({"query": {"match_all": {}}}), lambda: "pg")
    assert (found.backend, found.fallback_reason) == (POSTGRES, "circuit open")  # no shopper is the trial
    wait_until(lambda: guard.state == CLOSED, seconds=10)  # the probe found it answering
    assert answer(lambda: _search({"query": {"match_all": {}}}), lambda: "pg").backend == "elasticsearch"


def test_an_error_of_ours_is_raised_and_never_counted(shop):
    """A bug in building the request says nothing about Elasticsearch's health (the half-open
    trial is the background probe's: an error of its own frees it, common/tests/test_breaker.py)."""
    guard = elasticsearch_breaker()

    def broken():
        raise TypeError("a bug in building the request")

    for _ in range(guard.failure_threshold + 1):
        with pytest.raises(TypeError):
            answer(broken, lambda: "pg")
    assert guard.state == CLOSED
    assert answer(lambda: _search({"query": {"match_all": {}}}), lambda: "pg").backend == "elasticsearch"


@pytest.mark.parametrize("url,params,named", [
    ("/api/search/products/cs/", {"q": "stul", "category": BEYOND_64_BITS}, "category"),
    ("/api/search/products/cs/", {"q": EXPANDING}, "q"),
    ("/api/search/products/cs/", {"q": "a" * 65}, "q"),
    ("/api/search/products/cs/", {"q": "\ufdfa" * 12}, "q"),
    ("/api/search/suggest/cs/", {"q": EXPANDING}, "q"),
    ("/api/search/dsl/products/", {"search": EXPANDING}, "search"),
    ("/api/search/dsl/products/", {"category": BEYOND_64_BITS}, "category"),
    ("/api/search/dsl/products/", {"category__in": "3__" + BEYOND_64_BITS}, "category__in"),
    ("/api/search/dsl/products/", {"attribute__in": "²"}, "attribute__in"),
    ("/api/search/dsl/products/", {"price__range": "1__" + "9" * 40}, "price__range"),
    ("/api/search/dsl/products/", {"price__gte": "1e308"}, "price__gte"),
    ("/api/search/dsl/products/", {"price__lte": "-1"}, "price__lte"),
    ("/api/search/dsl/products/", {"in_stock": "yes"}, "in_stock"),
    ("/api/search/dsl/products/", {"sku": "a" * 65}, "sku"),
    ("/api/search/dsl/products/suggest/", {"title_cs__completion": "a" * 201}, "title_cs__completion"),
])
def test_out_of_bounds_parameters_are_a_400_naming_them_and_never_reach_the_fallback(shop, url, params, named):
    api = APIClient(raise_request_exception=False)
    for _ in range(5):
        response = api.get(url, params)
        assert response.status_code == 400, (response.status_code, response.content[:300])
        assert named in response.json(), response.json()
    assert elasticsearch_breaker().state == CLOSED
    found = api.get("/api/search/products/cs/", {"q": "stul"})
    assert found["X-Search-Backend"] == "elasticsearch" and found.json()["count"] == 1


def test_long_words_within_the_bounds_are_searched_in_elasticsearch(shop):
    api = APIClient(raise_request_exception=False)
    for q in ["stul " + "a" * 64, "stul" + "\ufdfa" * 3, "ab " * 66, "a" * 64]:
        response = api.get("/api/search/products/cs/", {"q": q})
        assert response.status_code == 200 and response["X-Search-Backend"] == "elasticsearch", q
    assert api.get("/api/search/dsl/products/", {"sku__regexp": "(a+)+"}).json()["count"] == 1  # no such lookup
