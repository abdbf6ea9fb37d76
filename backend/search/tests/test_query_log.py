"""The query log: written by each process's writer thread, never failing or slowing a search."""
import threading
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

from products.tests.factories import make_shoe_shop
from search.log_writer import writer
from search.models import SearchClick, SearchLogEntry
from search.tests.helpers import wait_for
from search.tests.test_apis import search

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync", "query_log"),
]
CLICKS = "/api/search/clicks/"


@pytest.fixture
def shop():
    return make_shoe_shop()


def written():
    assert writer.wait_until_written(5), "the writer did not write the log"
    return SearchLogEntry.objects.all()


@pytest.fixture
def locked_log_table():
    """The log table held in ACCESS EXCLUSIVE by another session: PostgreSQL not answering the
    writer. Yields a function that releases the lock."""
    db = django_settings.DATABASES["default"]
    blocker = psycopg2.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"],
                               dbname=connection.settings_dict["NAME"])
    blocker.cursor().execute("LOCK TABLE search_searchlogentry IN ACCESS EXCLUSIVE MODE")
    yield blocker.rollback
    blocker.rollback()
    blocker.close()


def test_a_search_is_logged_normalised_without_personal_data(shop):
    body = search(q="  Červená   BOTA ").json()
    entry = written().get()
    assert (entry.language, entry.query, entry.results, entry.backend) == ("cs", "cervena bota", body["count"],
                                                                           "elasticsearch")
    assert str(entry.search_id) == body["search_id"]
    names = {field.name for field in SearchLogEntry._meta.fields} | {f.name for f in SearchClick._meta.fields}
    assert not names & {"ip", "ip_address", "user", "user_id", "session", "user_agent"}


def test_a_search_answered_by_postgres_is_logged_as_such(settings, shop):
    settings.USE_ELASTIC = False
    body = search(q="bota").json()
    entry = written().get()
    assert (entry.backend, entry.results, str(entry.search_id)) == ("postgres", body["count"], body["search_id"])


def test_the_log_is_written_by_a_thread_not_by_the_request(shop):
    """The request thread does no query-log SQL: it only hands its note over."""
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        search(q="bota")
    assert not [sql for sql in statements if "search_searchlogentry" in sql]
    assert written().get().query == "bota"
    assert [t for t in threading.enumerate() if t.name == "query-log-writer"]


def test_notes_wait_for_a_full_batch(settings, shop):
    settings.SEARCH_LOG_BATCH, settings.SEARCH_LOG_BATCH_SECONDS = 3, 60
    writer.stop(5)  # the thread waiting by the old interval ends; the next note starts one by the new
    batches = writer.written_batches
    search(q="bota")
    search(q="lampa")
    search(q="hrnek")
    assert wait_for(lambda: SearchLogEntry.objects.count() == 3)
    assert writer.written_batches - batches == 1  # the first two were held for the third: one insert
    assert sorted(SearchLogEntry.objects.values_list("query", flat=True)) == ["bota", "hrnek", "lampa"]


def test_a_partial_batch_is_written_after_the_interval(settings, shop):
    settings.SEARCH_LOG_BATCH, settings.SEARCH_LOG_BATCH_SECONDS = 100, 0.2
    search(q="bota")
    assert wait_for(SearchLogEntry.objects.exists, seconds=2)  # no further request needed


def test_redis_unreachable_never_fails_or_slows_a_search(redis_unreachable, shop):
    search(q="bota")  # warm up the process
    started = time.monotonic()
    response = search(q="bota")
    assert response.status_code == 200 and response.json()["count"] == 4
    assert time.monotonic() - started < 1.0
    assert written().filter(query="bota").count() == 2  # the log does not need Redis


def test_a_locked_log_table_never_slows_a_search_and_loses_nothing(settings, shop, locked_log_table):
    """PostgreSQL not answering the writer: searches answer as fast as ever; the batch times
    out, is kept, and is written once the table is free."""
    settings.SEARCH_LOG_WRITE_TIMEOUT_MS = 100
    search(q="bota")  # warm up
    timings = []
    for _ in range(5):
        started = time.monotonic()
        response = search(q="bota")
        timings.append(time.monotonic() - started)
        assert response.status_code == 200 and response.json()["count"] == 4
    assert max(timings) < 1.0
    assert not writer.wait_until_written(timeout=0.5)  # still locked out
    locked_log_table()
    assert wait_for(lambda: SearchLogEntry.objects.filter(query="bota").count() == 6)


def test_a_failed_write_is_retried_after_an_interval_not_in_a_loop(settings, shop, locked_log_table, query_log):
    settings.SEARCH_LOG_WRITE_TIMEOUT_MS, settings.SEARCH_LOG_BATCH_SECONDS = 100, 0.2
    failed = query_log.failed_writes
    search(q="bota")
    started = time.monotonic()  # the first try may have begun during the request: counted short, safely
    # Locked out: each try times out after 0.1 s, and the next waits 0.2 s more.
    assert wait_for(lambda: query_log.failed_writes - failed >= 6)
    tries, elapsed = query_log.failed_writes - failed, time.monotonic() - started
    assert elapsed >= (tries - 1) * settings.SEARCH_LOG_BATCH_SECONDS  # in a loop: a try every 0.1 s
    locked_log_table()
    assert wait_for(lambda: SearchLogEntry.objects.filter(query="bota").exists())


def test_beyond_the_buffer_the_oldest_notes_are_dropped(settings, shop, locked_log_table, query_log):
    settings.SEARCH_LOG_WRITE_TIMEOUT_MS, settings.SEARCH_LOG_MAX_BUFFERED = 100, 2
    dropped = query_log.dropped
    for text in ("bota", "lampa", "hrnek", "miska"):
        assert search(q=text).status_code == 200
    assert not query_log.wait_until_written(timeout=2)  # a write failed since the last note
    locked_log_table()
    assert wait_for(lambda: SearchLogEntry.objects.count() == 2)
    assert sorted(SearchLogEntry.objects.values_list("query", flat=True)) == ["hrnek", "miska"]
    assert query_log.dropped - dropped == 2


def test_log_off_records_nothing(settings, shop):
    settings.SEARCH_QUERY_LOG = False
    assert search(q="bota").json()["search_id"] is None
    assert not written().exists()


def test_later_pages_are_logged_with_their_offset(shop):
    search(q="bota", limit=1, offset=2)
    assert written().get().offset == 2


def test_each_page_logs_the_products_it_showed_in_order(shop):
    """The impressions popularity rolls clicks over (search/popularity.py): the page's ids, as shown."""
    first = search(q="bota", limit=2).json()
    later = search(q="bota", limit=2, offset=1).json()
    entries = {str(entry.search_id): entry for entry in written()}
    assert entries[first["search_id"]].shown == [row["id"] for row in first["results"]]
    assert entries[later["search_id"]].shown == [row["id"] for row in later["results"]]
    assert len(first["results"]) == 2 and first["results"][1]["id"] == later["results"][0]["id"]


def test_a_note_made_before_the_shown_column_is_written_without_impressions(query_log):
    """A search noted by the release before impressions (a batch kept across a deploy) still
    counts as a search: written with none shown, not set aside."""
    refused = query_log.refused
    query_log.add([note("search", language="cs", query="older", results=1, backend="postgres", offset=0,
                        shopper="", network=""),
                   note("search", language="cs", query="newer", results=2, backend="postgres", offset=0,
                        shopper="", network="", shown=[5, 3])])
    assert query_log.wait_until_written(5)
    assert dict(SearchLogEntry.objects.values_list("query", "shown")) == {"older": [], "newer": [5, 3]}
    assert query_log.refused == refused


def test_an_insert_naming_no_shown_column_as_the_release_before_wrote_it_is_taken():
    """During a rolling deploy the older release's writers still insert without `shown`: the
    column's database default takes them (none shown), they are not refused."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_searchlogentry (search_id, created_at, language, query, results, backend, "
                       "\"offset\", shopper, network) VALUES (%s, now(), 'cs', 'old', 1, 'postgres', 0, '', '')",
                       [str(uuid.uuid4())])
    assert list(SearchLogEntry.objects.values_list("query", "shown")) == [("old", [])]


def test_a_click_is_recorded(shop):
    search_id = search(q="bota").json()["search_id"]
    response = APIClient().post(CLICKS, {"search_id": search_id, "product_id": shop["boot"].id, "position": 3},
                                format="json")
    assert response.status_code == 204
    written()
    click = SearchClick.objects.get()
    assert (str(click.search_id), click.product_id, click.position) == (search_id, shop["boot"].id, 3)


@pytest.mark.parametrize("body", [{}, {"search_id": "x", "product_id": 1, "position": 1},
                                  {"search_id": str(uuid.uuid4()), "product_id": 1, "position": 0},
                                  {"search_id": str(uuid.uuid4()), "product_id": 2**63, "position": 1},
                                  {"search_id": str(uuid.uuid4()), "product_id": 99999999999999999999,
                                   "position": 1}])
def test_an_invalid_click_is_a_400_naming_the_field(body):
    response = APIClient().post(CLICKS, body, format="json")
    assert response.status_code == 400 and set(response.json()) & {"search_id", "product_id", "position"}
    assert not SearchClick.objects.exists()


def note(kind, **fields):
    return (kind, {"search_id": str(uuid.uuid4()), "created_at": timezone.now(), **fields})


def test_a_note_postgresql_refuses_is_set_aside_and_the_rest_written(query_log, caplog):
    """A click beyond bigint (accepted by an older release, or any data PostgreSQL refuses)
    must not stop the log: its batch is split, the note set aside once, the others written."""
    refused = query_log.refused
    good = [note("search", language="cs", query=f"q{i}", results=1, backend="postgres", offset=0,
                 shopper="", network="")
            for i in range(5)]
    bad = note("click", product_id=99999999999999999999, position=1)
    later = note("click", product_id=7, position=2)
    query_log.add([*good[:3], bad, *good[3:], later])
    assert query_log.wait_until_written(5)
    assert sorted(SearchLogEntry.objects.values_list("query", flat=True)) == ["q0", "q1", "q2", "q3", "q4"]
    assert list(SearchClick.objects.values_list("product_id", flat=True)) == [7]
    assert query_log.refused - refused == 1
    assert [r for r in caplog.records if "refused by PostgreSQL" in r.getMessage()][0].getMessage().count(
        "out of range") == 1
    query_log.add([note("click", product_id=8, position=1)])  # the next batch: nothing retried
    assert query_log.wait_until_written(5)
    assert sorted(SearchClick.objects.values_list("product_id", flat=True)) == [7, 8]
    assert query_log.refused - refused == 1


def test_a_note_missing_a_column_is_set_aside_not_retried_for_ever(query_log):
    """A note written by an older release (a column added since) cannot be built into the
    insert: it is refused like bad data, not taken for PostgreSQL being down (which kept the
    batch and retried it for ever, so nothing more was logged)."""
    refused = query_log.refused
    old = note("search", language="cs", query="old", results=1, backend="postgres", offset=0)  # no shopper
    query_log.add([old, note("click", product_id=9, position=1)])
    assert query_log.wait_until_written(5)
    assert list(SearchClick.objects.values_list("product_id", flat=True)) == [9]
    assert query_log.refused - refused == 1
    query_log.add([note("search", language="cs", query="next", results=1, backend="postgres", offset=0,
                        shopper="", network="")])
    assert query_log.wait_until_written(5)
    assert list(SearchLogEntry.objects.values_list("query", flat=True)) == ["next"]


def test_a_note_made_before_the_experiment_columns_is_written_without_an_arm(query_log):
    """A note an older release handed over during a deploy (no experiment, no arm) is still
    written, with neither; the new columns are not a reason to set it aside."""
    refused = query_log.refused
    old = note("search", language="cs", query="old", results=1, backend="postgres", offset=0, shopper="s",
               network="n")
    new = note("search", language="cs", query="new", results=1, backend="postgres", offset=0, shopper="s",
               network="n", experiment=3, arm=7)
    query_log.add([old, new])
    assert query_log.wait_until_written(5)
    assert sorted(SearchLogEntry.objects.values_list("query", "experiment", "arm")) == [
        ("new", 3, 7), ("old", None, None)]
    assert query_log.refused == refused


def test_a_click_for_a_search_never_logged_is_kept_and_counted_nowhere(shop):
    """Clicks may be written before their search (two processes' buffers): they are kept, and
    the report joins them to searches, so an unknown id adds no click to any query."""
    from search.selectors.query_report import ReportFilter, query_report

    unknown = str(uuid.uuid4())
    response = APIClient().post(CLICKS, {"search_id": unknown, "product_id": shop["boot"].id, "position": 1},
                                format="json")
    assert response.status_code == 204
    search(q="bota")
    written()
    assert str(SearchClick.objects.get().search_id) == unknown
    assert [(row["query"], row["clicks"]) for row in query_report(ReportFilter())] == [("bota", 0)]


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
