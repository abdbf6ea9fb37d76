"""Suggest's popular queries: the hashed shopper and network on the query log, the threshold in
distinct shoppers and networks, searches that found nothing, and the roll-up job, against the
real services."""
import re
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from model_bakery import baker
from rest_framework.test import APIClient

from products.tests.factories import make_category, make_product
from search.indexing.indices import alias, client
from search.models import SearchLogEntry, SuggestedQuery
from search.shoppers import SHOPPER_COOKIE

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync", "query_log"),
]


@pytest.fixture
def knives():
    category = make_category({"cs": "Nože"})
    shop = {name: make_product({"cs": title}, category=category, price=Decimal("300"))
            for name, title in [("fatra", "Kuchyňský nůž Fatra"), ("lyra", "Kuchyňský nůž Lyra")]}
    client().indices.refresh(index=alias())
    return shop


# One address in a network of its own per shopper (/24 apart): the threshold counts both.
NETWORKS = {"a": "192.0.2.10", "b": "198.51.100.10", "c": "203.0.113.10", "d": "100.64.7.10"}


def search_as(shopper, q, **extra):
    headers = {"HTTP_X_SHOPPER_ID": shopper} if shopper else {}
    if shopper in NETWORKS:
        headers["REMOTE_ADDR"] = NETWORKS[shopper]
    response = APIClient().get("/api/search/products/cs/", {"q": q}, **{**headers, **extra})
    assert response.status_code == 200, response.content
    return response.json()


def logged(query_log):
    assert query_log.wait_until_written(5), "the writer did not write the log"
    return SearchLogEntry.objects.order_by("id")


def offered(q):
    call_command("search_suggest_rollup")
    response = APIClient().get("/api/search/suggest/cs/", {"q": q})
    assert response.status_code == 200, response.content
    return response.json()["queries"]


def test_the_log_keeps_a_keyed_hash_of_the_shopper_never_the_id(knives, query_log):
    search_as("shopper-one-secret", "nůž")
    search_as("shopper-one-secret", "fatra")
    search_as("shopper-two-secret", "nůž")
    cookie_client = APIClient()
    cookie_client.cookies[SHOPPER_COOKIE] = "cookie-id"
    assert cookie_client.get("/api/search/products/cs/", {"q": "nůž"}).status_code == 200
    search_as(None, "nůž", REMOTE_ADDR="10.1.2.3")
    search_as(None, "nůž", REMOTE_ADDR="10.1.2.4")
    shoppers = list(logged(query_log).values_list("shopper", flat=True))
    assert all(re.fullmatch(r"[0-9a-f]{32}", shopper) for shopper in shoppers)
    assert shoppers[0] == shoppers[1] and len(set(shoppers)) == 5
    stored = " ".join(str(value) for row in SearchLogEntry.objects.values_list() for value in row)
    assert "secret" not in stored and "cookie-id" not in stored and "10.1.2." not in stored
    networks = list(SearchLogEntry.objects.order_by("id").values_list("network", flat=True))
    assert all(re.fullmatch(r"[0-9a-f]{32}", network) for network in networks)
    assert networks[-1] == networks[-2] != shoppers[-1]  # 10.1.2.3 and .4: one /24, its own hash


def test_a_search_is_offered_once_three_distinct_shoppers_made_it(backend, knives, query_log):
    for shopper in ("a", "b", "b", "b"):  # the same shopper again and again counts once
        search_as(shopper, "kuchynsky nuz fatra")
    logged(query_log)
    assert "kuchyňský nůž fatra" not in offered("kuchynsky nuz f")
    search_as("c", "Kuchyňský nůž FATRA")  # the same query, normalised
    logged(query_log)
    # shown with the catalog's diacritics, though the log keeps it folded
    assert offered("kuchynsky nuz f")[0] == "kuchyňský nůž fatra"
    assert offered("nůž fa")[0] == "kuchyňský nůž fatra"  # by lemma, in any word order


def test_the_threshold_is_a_setting(knives, query_log, settings):
    settings.SEARCH_SUGGEST_MIN_SHOPPERS = 2
    for shopper in ("a", "b"):
        search_as(shopper, "lyra nuz")
    logged(query_log)
    assert offered("lyra")[:1] == ["lyra nůž"]
    settings.SEARCH_SUGGEST_MIN_SHOPPERS = 3
    assert "lyra nůž" not in offered("lyra")


def test_a_search_that_found_nothing_is_never_offered(knives, query_log):
    for shopper in ("a", "b", "c", "d"):
        assert search_as(shopper, "mixovac zzq")["count"] == 0
    logged(query_log)
    assert SearchLogEntry.objects.filter(query="mixovac zzq").count() == 4
    assert offered("mixovac z") == []


def test_a_search_whose_latest_run_found_nothing_is_not_offered(knives, query_log):
    """It found things once (the catalog changed since): shoppers would now find nothing."""
    now = timezone.now()
    for position, shopper in enumerate("abc"):
        baker.make(SearchLogEntry, search_id=uuid.uuid4(), language="cs", query="kuchynsky nuz vega", results=2,
                   backend="elasticsearch", shopper=shopper * 32, network=shopper * 32,
                   created_at=now - timedelta(hours=3 - position))
    assert offered("kuchynsky nuz v") == ["kuchyňský nůž vega"]
    baker.make(SearchLogEntry, search_id=uuid.uuid4(), language="cs", query="kuchynsky nuz vega", results=0,
               backend="elasticsearch", shopper="d" * 32, network="d" * 32, created_at=now)
    assert offered("kuchynsky nuz v") == []


def test_later_pages_and_entries_without_a_shopper_do_not_count(knives, query_log):
    for shopper in ("", "", "", "a", "b"):
        baker.make(SearchLogEntry, search_id=uuid.uuid4(), language="cs", query="fatra nuz", results=1,
                   backend="postgres", shopper=shopper, network=shopper * 32 or "e" * 32)
    baker.make(SearchLogEntry, search_id=uuid.uuid4(), language="cs", query="fatra nuz", results=1,
               backend="postgres", shopper="c" * 32, network="c" * 32, offset=20)
    baker.make(SearchLogEntry, search_id=uuid.uuid4(), language="cs", query="fatra nuz", results=1,
               backend="postgres", shopper="d" * 32, network="")  # logged before networks were kept
    assert offered("fatra") == []


def test_invented_shopper_ids_or_cookies_from_one_address_are_not_offered(knives, query_log):
    """One client sending three X-Shopper-Id headers, or three cookies, is one network."""
    for shopper in ("forged-1", "forged-2", "forged-3"):
        search_as(shopper, "fatra lyra", REMOTE_ADDR="192.0.2.50")
    for cookie in ("c1", "c2", "c3"):
        cookie_client = APIClient(REMOTE_ADDR="192.0.2.51")  # the same /24
        cookie_client.cookies[SHOPPER_COOKIE] = cookie
        assert cookie_client.get("/api/search/products/cs/", {"q": "fatra lyra"}).status_code == 200
    entries = logged(query_log).filter(query="fatra lyra")
    assert entries.values("shopper").distinct().count() == 6 and entries.values("network").distinct().count() == 1
    assert "fatra lyra" not in offered("fatra")


def test_three_shoppers_from_three_networks_are_offered(knives, query_log):
    for shopper, address in [("one", "192.0.2.50"), ("two", "198.51.100.50"), ("three", "2001:db8:1::5")]:
        search_as(shopper, "fatra lyra", REMOTE_ADDR=address)
    logged(query_log)
    assert offered("fatra")[:1] == ["fatra lyra"]


def test_one_ipv6_48_is_one_network(knives, query_log):
    for shopper, address in [("one", "2001:db8:1:1::5"), ("two", "2001:db8:1:2::5"), ("three", "2001:db8:1:ff::9")]:
        search_as(shopper, "fatra lyra", REMOTE_ADDR=address)
    assert logged(query_log).values("network").distinct().count() == 1
    assert "fatra lyra" not in offered("fatra")


def test_the_rollup_job_rewrites_the_table_per_language(knives, query_log):
    call_command("search_suggest_rollup")
    first = set(SuggestedQuery.objects.filter(language="cs").values_list("text", "source", "weight"))
    assert first == {("kuchyňský nůž", SuggestedQuery.CATALOG, 2), ("nože", SuggestedQuery.CATALOG, 2)}
    for shopper in ("a", "b", "c"):
        search_as(shopper, "fatra")
    logged(query_log)
    call_command("search_suggest_rollup")
    rows = list(SuggestedQuery.objects.filter(language="cs").values_list("text", "source", "weight"))
    assert ("fatra", SuggestedQuery.SEARCHES, 3) in rows
    assert len(rows) == len({text for text, _, _ in rows}) == len(first) + 1  # replaced, not appended
    make_product({"cs": "Kuchyňský nůž Orion"}, published=False)
    call_command("search_suggest_rollup")  # unpublished products share no phrase
    assert SuggestedQuery.objects.get(language="cs", normalised="kuchynsky nuz").weight == 2


def test_the_job_is_scheduled():
    from config.scheduled import SCHEDULE

    job = next(job for job in SCHEDULE if job.name == "search-suggest-rollup")
    assert job.command == ("search_suggest_rollup",) and job.interval == 600
