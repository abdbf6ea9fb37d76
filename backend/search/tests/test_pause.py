"""A hung Elasticsearch (its process paused with SIGSTOP, as a long GC pause or a dropped
network looks) must not stall the shop: searches keep answering from PostgreSQL within
the request path's short timeout, and come back to Elasticsearch after it resumes.
The node is the test's own (HTTP 9260), so the suite's shared node is never paused."""
import threading
import time

import pytest
import requests

from common.tests.processes import OwnElasticsearch, wait_until
from search.tests.helpers import tables_on_paused_node

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("inprocess_sync")]

NODE = OwnElasticsearch(9260, 9360)
SEARCHERS = 8
PAUSE_SECONDS = 30
RECOVERY_SECONDS = 30


@pytest.fixture(scope="module")
def own_node():
    NODE.start()
    yield NODE
    NODE.stop()


@pytest.fixture
def catalog_on_own_node(own_node):
    with tables_on_paused_node(own_node, 40) as es:
        yield es


class Searchers:
    """SEARCHERS threads searching through the live server until stopped; every answer recorded
    as (time it was sent, seconds taken, status, X-Search-Backend)."""

    def __init__(self, url):
        self.url, self.answers, self.stopped = url, [], threading.Event()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(SEARCHERS)]

    def _run(self):
        session = requests.Session()
        while not self.stopped.is_set():
            sent = time.monotonic()
            try:
                response = session.get(self.url, params={"q": "stoly", "limit": 5}, timeout=15)
                outcome = (response.status_code, response.headers.get("X-Search-Backend"))
            except requests.RequestException as error:
                outcome = (type(error).__name__, None)
            self.answers.append((sent, time.monotonic() - sent, *outcome))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        for thread in self.threads:
            thread.join(timeout=30)


def _p99(values):
    ordered = sorted(values)
    return ordered[int(0.99 * (len(ordered) - 1))]


@pytest.mark.usefixtures("catalog_on_own_node")
def test_a_paused_elasticsearch_costs_searches_at_most_the_short_timeout_and_they_come_back(live_server):
    with Searchers(f"{live_server.url}/api/search/products/cs/") as searchers:
        # Warmed up: the searchers have had answers from Elasticsearch.
        wait_until(lambda: [backend for *_, backend in searchers.answers].count("elasticsearch") >= SEARCHERS)
        paused_at = time.monotonic()
        NODE.pause()
        time.sleep(PAUSE_SECONDS)
        dsl = requests.get(f"{live_server.url}/api/search/dsl/products/", params={"search": "stoly"}, timeout=15)
        resumed_at = time.monotonic()
        NODE.resume()
        deadline = resumed_at + RECOVERY_SECONDS
        while time.monotonic() < deadline and not any(
            sent > resumed_at and backend == "elasticsearch" for sent, _, _, backend in searchers.answers
        ):
            time.sleep(0.5)
    during = [answer for answer in searchers.answers if paused_at <= answer[0] < resumed_at]
    assert len(during) > SEARCHERS * 10
    assert {status for _, _, status, _ in searchers.answers} == {200}  # 0 errors
    assert _p99([taken for _, taken, _, _ in during]) <= 2.0
    assert {backend for *_, backend in during[-SEARCHERS:]} == {"postgres"}
    assert dsl.status_code == 503 and dsl.json()["service"] == "elasticsearch"
    back = [sent for sent, _, _, backend in searchers.answers if sent > resumed_at and backend == "elasticsearch"]
    assert back and back[0] - resumed_at <= RECOVERY_SECONDS
