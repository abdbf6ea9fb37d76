"""Staff's search reports in admin: top, zero-result and low click-through queries, CSV."""
import csv
import io
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from model_bakery import baker
from rest_framework.test import APIClient

from products.tests.factories import make_shoe_shop
from search.models import SearchClick, SearchLogEntry
from search.selectors.query_report import LOW_CLICKS, ReportFilter, query_report
from search.tests.test_apis import search

REPORT = "/admin/search/searchlogentry/"


def logged(query, results, *, language="cs", times=1, clicks=0, days_ago=0, offset=0):
    for n in range(times):
        entry = baker.make(SearchLogEntry, search_id=uuid.uuid4(), language=language, query=query,
                           results=results, backend="elasticsearch", offset=offset,
                           created_at=timezone.now() - timedelta(days=days_ago))
        if n < clicks:
            baker.make(SearchClick, search_id=entry.search_id, position=1, product_id=1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("product_index", "inprocess_sync")
def test_a_zero_result_search_appears_in_the_report_with_links_to_fix_it(staff_client, query_log):
    make_shoe_shop()
    search(q="Mobil")
    search(q="bota")
    assert query_log.wait_until_written(5)
    page = staff_client.get(REPORT, {"report": "zero"}).content.decode()
    assert '<td class="query">mobil</td>' in page and '<td class="query">bota</td>' not in page
    assert "/admin/search/synonym/add/?language=cs&amp;kind=one_way&amp;source=mobil" in page
    assert "/admin/search/curation/add/?language=cs&amp;query=mobil" in page


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("product_index", "inprocess_sync")
def test_a_storefront_click_shows_in_the_report(staff_client, query_log):
    shop = make_shoe_shop()
    search_id = search(q="bota").json()["search_id"]
    APIClient().post("/api/search/clicks/", {"search_id": search_id, "product_id": shop["boot"].id,
                                             "position": 1}, format="json")
    assert query_log.wait_until_written(5)
    [row] = query_report(ReportFilter())
    assert (row["query"], row["searches"], row["clicks"], row["click_through"]) == ("bota", 1, 1, 1.0)


@pytest.mark.django_db
def test_top_queries_count_first_pages_per_language_and_date_range():
    logged("stul", 5, times=3)
    logged("stul", 5, offset=20)  # a second page of a search already counted
    logged("lampa", 2, times=2)
    logged("lampa", 2, times=4, language="en")
    logged("hrnek", 1, times=9, days_ago=40)
    top = query_report(ReportFilter(language="cs", since=(timezone.now() - timedelta(days=7)).date()))
    assert [(row["query"], row["searches"]) for row in top] == [("stul", 3), ("lampa", 2)]
    assert [row["query"] for row in query_report(ReportFilter(language="en"))] == ["lampa"]


@pytest.mark.django_db
def test_low_click_through_lists_found_but_unopened_queries_first():
    logged("stul", 5, times=4, clicks=4)
    logged("lampa", 5, times=4, clicks=1)
    logged("hrnek", 5, times=2)  # too few searches to judge
    logged("nic", 0, times=5)    # found nothing: the zero-result report's business
    rows = query_report(ReportFilter(report=LOW_CLICKS))
    assert [(row["query"], row["click_through"]) for row in rows] == [("lampa", 0.25), ("stul", 1.0)]


@pytest.mark.django_db
def test_csv_export(staff_client):
    logged("mobil", 0, times=2)
    response = staff_client.get(REPORT, {"report": "zero", "language": "cs", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["language", "query", "searches", "zero_results"]
    assert rows[1][:4] == ["cs", "mobil", "2", "2"]


@pytest.mark.django_db
def test_a_query_a_spreadsheet_would_run_is_exported_as_text(staff_client):
    logged('=HYPERLINK("http://evil.example","x")', 0)
    logged("@SUM(A1)", 0)
    response = staff_client.get(REPORT, {"report": "zero", "language": "cs", "format": "csv"})
    queries = sorted(row[1] for row in csv.reader(io.StringIO(response.content.decode())))
    assert queries == ["'=HYPERLINK(\"http://evil.example\",\"x\")", "'@SUM(A1)", "query"]


@pytest.mark.django_db
def test_the_report_needs_staff(client):
    assert client.get(REPORT).status_code == 302  # to the login page
