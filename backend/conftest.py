"""Suite-wide fixtures. The run stops at once if a backing service it needs is missing:
tests talk to real PostgreSQL, Redis and Elasticsearch, never to fakes.

A test needs all three unless its markers say otherwise (pytest.ini): `pure` needs none,
`postgres`, `redis` and `elasticsearch` name the ones it needs. Only the services the
selected tests need are checked, so `pytest -m pure` runs with none up; a marker that
leaves out a service the test's fixtures use (the database, the index, the test Redis)
stops the run at collection."""
import copy
import os
import socket

import psycopg2
import pytest
import redis
from django.conf import settings
from elasticsearch import Elasticsearch
from hypothesis import settings as hypothesis_settings

# In CI, property-based and Schemathesis tests draw the same examples every run:
# a landing must not depend on a random draw. Locally they explore anew each run.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

NEEDED_SERVICES = pytest.StashKey[set]()


SERVICES = ("postgres", "redis", "elasticsearch")
# Fixtures (anywhere in a test's fixture closure) that reach a service.
FIXTURE_SERVICES = {
    "db": "postgres", "transactional_db": "postgres", "django_db_setup": "postgres", "live_server": "postgres",
    "es_client": "elasticsearch", "product_index": "elasticsearch",
    "test_redis": "redis",
}


def _used_services(item):
    used = {service for name, service in FIXTURE_SERVICES.items() if name in item.fixturenames}
    if item.get_closest_marker("django_db"):
        used.add("postgres")
    return used


def needed_services(item) -> set:
    """The services `item` needs: the ones its markers name, or all three when it has none."""
    marked = {mark.name for mark in item.iter_markers() if mark.name in (*SERVICES, "pure")}
    return set(SERVICES) if not marked else marked - {"pure"}


def _check_postgres():
    db = settings.DATABASES["default"]
    psycopg2.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"], dbname="postgres",
        connect_timeout=3,
    ).close()


def _check_redis():
    redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()


def _check_elasticsearch():
    Elasticsearch(**settings.ELASTICSEARCH_DSL["default"]).cluster.health(wait_for_status="yellow")


CHECKS = {
    "postgres": ("PostgreSQL", _check_postgres),
    "redis": ("Redis", _check_redis),
    "elasticsearch": ("Elasticsearch", _check_elasticsearch),
}


def _missing_services(needed):
    missing = []
    for service in SERVICES:
        if service in needed:
            label, check = CHECKS[service]
            try:
                check()
            except Exception as error:  # any client error means the run cannot go on
                missing.append(f"{label} ({error})")
    return missing


def pytest_collection_modifyitems(config, items):
    """A service marker must cover what the test's fixtures use."""
    wrong = [f"{item.nodeid}: uses {', '.join(sorted(unmarked))}"
             for item in items if (unmarked := _used_services(item) - needed_services(item))]
    if wrong:
        raise pytest.UsageError("service markers leave out a service the test uses:\n" + "\n".join(wrong))


def pytest_collection_finish(session):
    """After selection (-m, -k, paths): the services the chosen tests need must answer."""
    needed = set().union(*(needed_services(item) for item in session.items))
    session.config.stash[NEEDED_SERVICES] = needed
    if session.config.option.collectonly:
        return
    missing = _missing_services(needed)
    if missing:
        pytest.exit(
            "backing services unreachable: " + "; ".join(missing)
            + " — start them with `scripts/services up` (make test does it)",
            returncode=3,
        )


@pytest.fixture(autouse=True)
def fresh_process_caches():
    """Every test starts without cached catalog names (facet labels, category tree, the words
    queries are understood by): the previous test's rows are gone, their signals never sent."""
    from common.process_cache import forget_every_cache

    forget_every_cache()


@pytest.fixture(autouse=True)
def closed_breakers():
    """Every test starts with this process's circuit breakers closed: one test's outage
    must not send the next test's requests to a fallback."""
    from common.breaker import reset_all

    reset_all()
    yield
    reset_all()


@pytest.fixture(scope="session", autouse=True)
def query_log_writer_stopped(request):
    """The query log's writer thread holds a connection to the test database: it is stopped
    before the database is dropped (no database when the selected tests need none)."""
    if "postgres" in request.config.stash.get(NEEDED_SERVICES, set(SERVICES)):
        request.getfixturevalue("django_db_setup")
    yield
    from search.log_writer import writer

    writer.stop(5)


@pytest.fixture
def query_log(settings, transactional_db):
    """The query log on and empty; what the test noted is written before the tables are flushed."""
    from search.log_writer import writer
    from search.models import SearchClick, SearchLogEntry

    settings.SEARCH_QUERY_LOG = True
    writer.wait_until_written(5)  # earlier tests' notes
    SearchLogEntry.objects.all().delete()
    SearchClick.objects.all().delete()
    yield writer
    writer.wait_until_written(5)


@pytest.fixture(scope="session")
def es_client():
    """A client on the configured cluster (tests only touch `test_`-prefixed indices)."""
    client = Elasticsearch(**settings.ELASTICSEARCH_DSL["default"])
    yield client
    client.close()


@pytest.fixture
def closed_port():
    """A loopback port nothing listens on: a real 'service is down' address."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def product_index(es_client):
    """A fresh, empty product index behind the test alias; removed afterwards."""
    from search.indexing import indices

    def drop_all():
        names = list(es_client.indices.get(index=f"{indices.alias()}_*", ignore_unavailable=True))
        indices.delete_indices(names)

    drop_all()
    indices.point_alias_to(indices.create_concrete_index())
    yield indices.alias()
    drop_all()


@pytest.fixture
def inprocess_sync(settings):
    """Sync applied right after commit in this process (USING_REDIS_QUEUE off)."""
    settings.USING_REDIS_QUEUE = False
    settings.ELASTIC_SYNC = True


@pytest.fixture
def redis_unreachable(settings, closed_port):
    """The Redis queue is on, but every RQ queue points at a loopback port nothing listens on."""
    settings.USING_REDIS_QUEUE = True
    queues = copy.deepcopy(settings.RQ_QUEUES)
    for queue in queues.values():
        queue["URL"] = f"redis://127.0.0.1:{closed_port}/0?socket_connect_timeout=1"
    settings.RQ_QUEUES = queues


@pytest.fixture
def test_redis():
    """The test Redis database, emptied before and after the test."""
    import django_rq

    connection = django_rq.get_connection("default")
    connection.flushdb()
    yield connection
    connection.flushdb()


@pytest.fixture
def staff_client(client, django_user_model):
    """Django's test client logged in as a superuser (the admin's pages and actions)."""
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)
    return client
