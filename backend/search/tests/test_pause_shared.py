"""A hung Elasticsearch under gunicorn's three worker processes: they learn it together.

The breaker's state is the host's (common/breaker_state.py): the workers count
timeouts together, so the host pays ELASTICSEARCH_BREAKER_FAILURES of them (and
the few already in flight), not that many per worker; and the half-open trial
is a background probe, so no shopper's search waits the timeout again while the
node stays paused. The searches in flight when the node stops give up after its
liveness check (search/watched_node.py), not the whole timeout: each costs well
under a second, fallback included; a node that is alive but slow is waited for.
Real processes: a gunicorn of 3 sync workers and the test's own Elasticsearch node
(HTTP 9288; the suite's shared node is never paused)."""
import os
import socket
import subprocess
import threading
import time

import pytest
import requests
from django.db import connection

from common.breaker import reset_all
from common.tests.processes import ROOT, OwnElasticsearch, wait_until
from search.clients import elasticsearch_breaker, request_client
from search.documents import ProductDocument
from search.selectors.backend import CIRCUIT_OPEN, ELASTICSEARCH, POSTGRES, answer
from search.tests.helpers import tables_on_paused_node

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("inprocess_sync")]

NODE = OwnElasticsearch(9288, 9388)
WORKERS = 3
FAILURES = 3
RESET_SECONDS = 2  # several half-open periods within the pause
PAUSE_SECONDS = 10
SEARCHERS = 8
END_TO_END_SECONDS = 1.0  # issue 30: a search with the node paused, its fallback included


@pytest.fixture(scope="module")
def own_node():
    NODE.start()
    yield NODE
    NODE.stop()


@pytest.fixture
def catalog_on_own_node(own_node):
    with tables_on_paused_node(own_node, 30) as es:
        yield es


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gunicorn(catalog_on_own_node, tmp_path):
    """The API under gunicorn, on the test database and the own node, breaker state in tmp_path."""
    port, database = _free_port(), connection.settings_dict
    url = "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(**database)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": url,
           "ELASTICSEARCH_HOSTS": NODE.hosts[0], "BREAKER_STATE_DIR": str(tmp_path / "breakers"),
           "ELASTICSEARCH_BREAKER_FAILURES": str(FAILURES), "ELASTICSEARCH_BREAKER_RESET_SECONDS": str(RESET_SECONDS),
           "ELASTICSEARCH_SEARCH_TIMEOUT": "1"}
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(WORKERS), "--log-level", "warning"],
        cwd=ROOT / "backend", env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _answers(f"{base}/api/health/"), seconds=60)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _answers(url):
    try:
        return requests.get(url, timeout=5).status_code == 200
    except requests.RequestException:
        return False


def _search(session, base):
    sent = time.monotonic()
    response = session.get(f"{base}/api/search/products/cs/", params={"q": "stoly", "limit": 5}, timeout=15)
    return (sent, time.monotonic() - sent, response.status_code, response.headers.get("X-Search-Backend"),
            response.headers.get("X-Search-Fallback", ""))


def test_the_workers_pay_the_timeout_together_and_no_search_waits_for_a_half_open_probe(gunicorn):
    session = requests.Session()
    # Every worker answers from Elasticsearch before the pause.
    wait_until(lambda: all(_search(session, gunicorn)[3] == "elasticsearch" for _ in range(2 * WORKERS)), 60)
    answers, paused_at, resumed_at = _paused_wave(gunicorn, PAUSE_SECONDS)
    timed_out = [answer for answer in answers if "circuit open" not in answer[4] and answer[3] == "postgres"]
    opened = [answer for answer in answers if "circuit open" in answer[4]]
    assert {status for _, _, status, _, _ in answers} == {200}
    assert len(opened) > SEARCHERS * 5
    # Per-process breakers paid FAILURES timeouts per worker, then one more per worker every
    # RESET_SECONDS (about 3 x 3 + 3 x 4 here); shared, the host pays FAILURES, plus what was
    # already on its way in the other workers when the last of them failed.
    assert len(timed_out) <= FAILURES + WORKERS - 1, timed_out
    # No shopper's search was a half-open trial (the first is due RESET_SECONDS after the
    # breaker opened, itself about 1 s into the pause): the probes ran in the background.
    assert all(sent < paused_at + RESET_SECONDS + 0.5 for sent, *_ in timed_out), (paused_at, timed_out)
    # Back on Elasticsearch after the node resumes: a probe found it answering.
    wait_until(lambda: _search(session, gunicorn)[3] == "elasticsearch", seconds=3 * RESET_SECONDS + 10)
    assert time.monotonic() - resumed_at < 3 * RESET_SECONDS + 10


def _paused_wave(base, seconds):
    """SEARCHERS searchers started the moment the node is paused, for `seconds`: the first
    of them reach the workers with the breaker still closed and wait on the paused node.
    (their answers, when the node was paused, when it was resumed: time.monotonic())"""
    answers, stopped = [], threading.Event()

    def searcher():
        own = requests.Session()
        while not stopped.is_set():
            answers.append(_search(own, base))

    threads = [threading.Thread(target=searcher, daemon=True) for _ in range(SEARCHERS)]
    NODE.pause()
    paused_at = time.monotonic()
    try:
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        stopped.set()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        resumed_at = time.monotonic()
        NODE.resume()
    return answers, paused_at, resumed_at


def test_a_paused_node_costs_no_search_more_than_a_second_end_to_end(gunicorn):
    session = requests.Session()
    wait_until(lambda: all(_search(session, gunicorn)[3] == "elasticsearch" for _ in range(2 * WORKERS)), 60)
    answers, *_ = _paused_wave(gunicorn, 4)
    gave_up = [answer for answer in answers if "ConnectionTimeout" in answer[4]]
    assert {status for _, _, status, _, _ in answers} == {200}
    assert {backend for *_, backend, _ in answers} == {"postgres"}
    # Searches did wait on the paused node (the breaker was closed) and gave up after the
    # liveness check, not the 1 s timeout; the rest found the breaker open.
    assert FAILURES <= len(gave_up) <= FAILURES + WORKERS - 1, gave_up
    assert max(taken for _, taken, _, _, _ in answers) <= END_TO_END_SECONDS, sorted(answers, key=lambda a: -a[1])[:5]


@pytest.mark.usefixtures("catalog_on_own_node")
def test_a_slow_but_alive_node_is_waited_for_and_a_hung_one_given_up_at_once(settings):
    """A call the node answers after 0.6 s (a cluster health waiting for a node that never
    comes: the node itself is fine) outlasts the liveness check and is still answered by
    Elasticsearch; the same call to the paused node falls back within the check's time."""
    def slow_call():
        client = request_client(ProductDocument).options(ignore_status=408)
        return client.cluster.health(wait_for_nodes="2", timeout="600ms")

    def timed():
        started = time.monotonic()
        found = answer(slow_call, lambda: "from postgres")
        return found, time.monotonic() - started

    reset_all()
    alive, alive_took = timed()
    assert alive.backend == ELASTICSEARCH and alive.value["timed_out"]
    assert alive_took >= 0.6 > settings.ELASTICSEARCH_LIVENESS_AFTER
    NODE.pause()
    try:
        hung, hung_took = timed()
    finally:
        NODE.resume()
    assert (hung.backend, hung.value, hung.fallback_reason) == (POSTGRES, "from postgres", "ConnectionTimeout")
    check = settings.ELASTICSEARCH_LIVENESS_AFTER + settings.ELASTICSEARCH_LIVENESS_TIMEOUT
    assert check <= hung_took < check + 0.25


@pytest.mark.usefixtures("catalog_on_own_node")
def test_a_search_waiting_on_a_hung_node_gives_up_when_another_worker_opens_the_breaker(settings):
    """Before its own liveness check is due, a search whose node hangs reads that the host's
    breaker opened (other workers' searches failed) and falls back at once."""
    guard = elasticsearch_breaker()

    def other_workers_fail():
        time.sleep(0.05)
        for _ in range(settings.ELASTICSEARCH_BREAKER_FAILURES):
            guard.record_failure()

    reset_all()
    NODE.pause()
    try:
        threading.Thread(target=other_workers_fail, daemon=True).start()
        started = time.monotonic()
        found = answer(lambda: request_client(ProductDocument).search(index=ProductDocument._index._name, size=0),
                       lambda: "from postgres")
        took = time.monotonic() - started
    finally:
        NODE.resume()
    assert (found.backend, found.value, found.fallback_reason) == (POSTGRES, "from postgres", CIRCUIT_OPEN)
    assert took < settings.ELASTICSEARCH_LIVENESS_AFTER
    reset_all()
