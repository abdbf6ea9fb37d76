"""The query log: written after the response, through RQ or in-process, never failing a search."""
import time
import uuid
from datetime import timedelta

import psycopg2
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from model_bakery import baker
from rest_framework.test import APIClient

from common.queue import get_queue
from products.tests.factories import make_shoe_shop
from search.models import SearchClick, SearchLogEntry
from search.tests.test_apis import search

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]
CLICKS = "/api/search/clicks/"


@pytest.fixture
def shop():
    return make_shoe_shop()


def run_low_queue():
    call_command("rqworker", "low", burst=True, worker_class="rq.worker.SimpleWorker")


def test_a_search_is_logged_normalised_without_personal_data(shop):
    body = search(q="  Červená   BOTA ").json()
    entry = SearchLogEntry.objects.get()
    assert (entry.language, entry.query, entry.results, entry.backend) == ("cs", "cervena bota", body["count"],
                                                                           "elasticsearch")
    assert str(entry.search_id) == body["search_id"]
    names = {field.name for field in SearchLogEntry._meta.fields} | {f.name for f in SearchClick._meta.fields}
    assert not names & {"ip", "ip_address", "user", "user_id", "session", "user_agent"}


def test_with_the_queue_on_a_job_writes_the_log(settings, test_redis, shop):
    settings.USING_REDIS_QUEUE = True
    search(q="nic takového")
    assert not SearchLogEntry.objects.exists()  # not on the request path: queued
    run_low_queue()
    entry = SearchLogEntry.objects.get()
    assert entry.query == "nic takoveho" and entry.results == 0


def test_a_process_sends_its_notes_in_batches(settings, test_redis, shop):
    settings.USING_REDIS_QUEUE, settings.SEARCH_LOG_BATCH, settings.SEARCH_LOG_BATCH_SECONDS = True, 3, 60
    search(q="bota")
    search(q="lampa")
    assert len(get_queue("low")) == 0  # held in the process
    search(q="hrnek")
    assert len(get_queue("low")) == 1  # one job for the three
    run_low_queue()
    assert sorted(SearchLogEntry.objects.values_list("query", flat=True)) == ["bota", "hrnek", "lampa"]


def test_an_old_batch_is_sent_with_the_next_request(settings, shop):
    settings.SEARCH_LOG_BATCH, settings.SEARCH_LOG_BATCH_SECONDS = 100, 0.2
    search(q="bota")
    assert not SearchLogEntry.objects.exists()
    time.sleep(0.3)
    search(q="lampa")
    assert SearchLogEntry.objects.count() == 2


def test_redis_unreachable_never_fails_or_slows_a_search(redis_unreachable, shop):
    search(q="bota")  # warm up the process
    started = time.monotonic()
    response = search(q="bota")
    assert response.status_code == 200 and response.json()["count"] == 4
    assert time.monotonic() - started < 1.0
    assert SearchLogEntry.objects.filter(query="bota").count() == 2  # written in-process instead


def test_a_locked_log_table_never_fails_a_search(settings, shop):
    """PostgreSQL not answering for the log: the write gives up after its timeout, the search is fine."""
    settings.SEARCH_LOG_WRITE_TIMEOUT_MS = 100
    db = django_settings.DATABASES["default"]
    blocker = psycopg2.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"],
                               dbname=connection.settings_dict["NAME"])
    try:
        with blocker.cursor() as cursor:
            cursor.execute("LOCK TABLE search_searchlogentry IN ACCESS EXCLUSIVE MODE")
            started = time.monotonic()
            response = search(q="bota")
            assert response.status_code == 200 and response.json()["count"] == 4
            assert time.monotonic() - started < 1.0
    finally:
        blocker.rollback()
        blocker.close()
    assert not SearchLogEntry.objects.exists()


def test_log_off_records_nothing(settings, shop):
    settings.SEARCH_QUERY_LOG = False
    assert search(q="bota").json()["search_id"] is None
    assert not SearchLogEntry.objects.exists()


def test_later_pages_are_logged_with_their_offset(shop):
    search(q="bota", limit=1, offset=2)
    assert SearchLogEntry.objects.get().offset == 2


def test_a_click_is_recorded(shop):
    search_id = search(q="bota").json()["search_id"]
    response = APIClient().post(CLICKS, {"search_id": search_id, "product_id": shop["boot"].id, "position": 3},
                                format="json")
    assert response.status_code == 204
    click = SearchClick.objects.get()
    assert (str(click.search_id), click.product_id, click.position) == (search_id, shop["boot"].id, 3)


@pytest.mark.parametrize("body", [{}, {"search_id": "x", "product_id": 1, "position": 1},
                                  {"search_id": str(uuid.uuid4()), "product_id": 1, "position": 0}])
def test_an_invalid_click_is_a_400_naming_the_field(body):
    response = APIClient().post(CLICKS, body, format="json")
    assert response.status_code == 400 and set(response.json()) & {"search_id", "product_id", "position"}
    assert not SearchClick.objects.exists()


def test_cleanup_deletes_what_is_past_retention(settings):
    settings.SEARCH_LOG_RETENTION_DAYS = 90
    now = timezone.now()
    old, recent = now - timedelta(days=91), now - timedelta(days=89)
    for created_at in (old, recent):
        baker.make(SearchLogEntry, created_at=created_at, results=1)
        baker.make(SearchClick, created_at=created_at, position=1)
    call_command("search_log_cleanup")
    assert list(SearchLogEntry.objects.values_list("created_at", flat=True)) == [recent]
    assert list(SearchClick.objects.values_list("created_at", flat=True)) == [recent]
