"""The analytics dashboard (Search → Analytics): each figure on a small hand-made log, the
permission, the filters' validation, CSV export and the SVG charts."""
import csv
import io
import re
import uuid
from datetime import date, datetime, time, timedelta
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.utils import timezone
from model_bakery import baker

from search.analytics_rollup import roll_up, rolled_through
from search.models import SearchClick, SearchDay, SearchLogEntry
from search.selectors import analytics

DASHBOARD = "/admin/search/searchanalytics/"
PERIOD = {"since": "2026-03-01", "until": "2026-03-03", "language": "cs"}
SVG = "{http://www.w3.org/2000/svg}"


def at(day, hour=12):
    return timezone.make_aware(datetime.combine(day, time(hour)), timezone.get_default_timezone())


def logged(query, results, day, *, language="cs", offset=0, hour=12):
    return baker.make(SearchLogEntry, search_id=uuid.uuid4(), language=language, query=query, results=results,
                      backend="elasticsearch", offset=offset, created_at=at(day, hour)).search_id


def clicked(search_id, product_id, position):
    baker.make(SearchClick, search_id=search_id, product_id=product_id, position=position)


@pytest.fixture(params=[None, date(2026, 3, 2), date(2026, 3, 3)], ids=["live", "half-rolled-up", "rolled-up"])
def log(request):
    """10 Czech first-page searches over two days, 3 clicks on them; and rows that must not count.
    Read from the log itself, rolled up through the first day, or rolled up through both."""
    day1, day2 = date(2026, 3, 2), date(2026, 3, 3)
    s1, _s2, _s3 = (logged("stul", 5, day1) for _ in range(3))
    s4, _s5 = (logged("lampa", 4, day1) for _ in range(2))
    logged("xyz", 0, day1, hour=23)  # 23:00 in Prague is 22:00 UTC: still 2 March in the shop
    logged("stul", 5, day2)
    logged("xyz", 0, day2)
    logged("xyz", 0, day2, hour=0)
    logged("hrnek", 3, day2)
    logged("stul", 5, day2, offset=20)  # a second page: not another search
    logged("lamp", 7, day2, language="en")  # another language
    outside = logged("stul", 5, date(2026, 2, 20))  # before the period
    clicked(s1, 101, 1)
    clicked(s1, 102, 3)
    clicked(s4, 201, 2)
    clicked(outside, 101, 1)
    if request.param:
        call_command("search_analytics_rollup", through=request.param)


def period(language="cs"):
    return analytics.Period(since=date(2026, 3, 1), until=date(2026, 3, 3), language=language)


@pytest.mark.django_db
def test_searches_and_zero_result_rate_per_day_include_empty_days(log):
    rows = [(row["day"], row["searches"], row["zero_results"], round(row["zero_rate"], 3))
            for row in analytics.daily(period())]
    assert rows == [(date(2026, 3, 1), 0, 0, 0.0), (date(2026, 3, 2), 6, 1, 0.167), (date(2026, 3, 3), 4, 2, 0.5)]


@pytest.mark.django_db
def test_click_through_counts_searches_with_a_click_and_mean_position_every_click(log):
    assert analytics.summary(period()) == {"searches": 10, "clicked_searches": 2, "click_through": 0.2,
                                           "clicks": 3, "mean_click_position": 2.0}
    everything = analytics.summary(period(language=None))
    assert (everything["searches"], everything["clicks"]) == (11, 3)


@pytest.mark.django_db
def test_query_tables(log):
    assert [(r["query"], r["searches"]) for r in analytics.top_queries(period())] == [
        ("stul", 4), ("xyz", 3), ("lampa", 2), ("hrnek", 1)]
    assert [(r["query"], r["zero_results"]) for r in analytics.zero_result_queries(period())] == [("xyz", 3)]
    assert [(r["query"], r["searches"]) for r in analytics.unclicked_queries(period())] == [("hrnek", 1)]
    assert [(r["query"], r["product_id"], r["clicks"], r["mean_position"])
            for r in analytics.clicked_products(period())] == [
        ("lampa", 201, 1, 2.0), ("stul", 101, 1, 1.0), ("stul", 102, 1, 3.0)]


@pytest.mark.django_db
def test_an_empty_period_has_no_figures():
    assert analytics.summary(period()) == {"searches": 0, "clicked_searches": 0, "click_through": 0.0,
                                           "clicks": 0, "mean_click_position": None}


def staff(django_user_model, *, allowed):
    user = django_user_model.objects.create_user("staff", "staff@example.com", "pw", is_staff=True)
    if allowed:
        user.user_permissions.add(Permission.objects.get(content_type__app_label="search",
                                                         codename="view_analytics"))
    return user


@pytest.mark.django_db
def test_staff_need_the_analytics_permission(client, django_user_model):
    user = staff(django_user_model, allowed=False)
    client.force_login(user)
    assert client.get(DASHBOARD).status_code == 403
    assert DASHBOARD not in client.get("/admin/").content.decode()
    user.user_permissions.add(Permission.objects.get(codename="view_analytics"))
    user = django_user_model.objects.get(pk=user.pk)  # a fresh permission cache
    client.force_login(user)
    assert client.get(DASHBOARD).status_code == 200
    assert DASHBOARD in client.get("/admin/").content.decode()
    assert user.has_perm("search.view_analytics")
    entry = baker.make(SearchLogEntry, search_id=uuid.uuid4(), results=1)
    for page in ("change/", "history/", "delete/"):  # the permission opens the dashboard, not the log's rows
        assert client.get(f"{DASHBOARD}{entry.pk}/{page}").status_code == 404
    assert client.get(f"/admin/search/searchlogentry/{entry.pk}/change/").status_code == 403


@pytest.mark.django_db
def test_a_superuser_sees_the_dashboard_with_its_figures(staff_client, log):
    page = staff_client.get(DASHBOARD, PERIOD).content.decode()
    assert re.search(r'id="summary-searches">10<', page)
    assert re.search(r'id="summary-click-through">20 %<', page)
    assert re.search(r'id="summary-position">2[.,]0<', page)
    assert "<td>hrnek</td>" in page and "errornote" not in page and "messagelist" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("params", [
    {"since": "2026-03-05", "until": "2026-03-01"},  # upside down
    {"since": "yesterday"},
    {"until": "2026-02-30"},
    {"since": "2020-01-01", "until": "2026-01-01"},  # longer than a year
    {"language": "xx"},
    {"export": "passwords"},
])
def test_bad_filters_are_an_admin_error_and_the_default_period(staff_client, params):
    response = staff_client.get(DASHBOARD, params)
    assert response.status_code == 200
    assert 'class="messagelist"' in response.content.decode() and 'class="error"' in response.content.decode()
    assert response.context["period"].until == timezone.localdate()
    assert (response.context["period"].until - response.context["period"].since).days == 29


def exported(staff_client, table):
    response = staff_client.get(DASHBOARD, {**PERIOD, "export": table})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
def test_each_table_exports_as_csv(staff_client, log):
    assert exported(staff_client, "top") == [
        ["language", "query", "searches", "zero_results", "clicked_searches", "click_through"],
        ["cs", "stul", "4", "0", "1", "0.25"], ["cs", "xyz", "3", "3", "0", "0.0"],
        ["cs", "lampa", "2", "0", "1", "0.5"], ["cs", "hrnek", "1", "0", "0", "0.0"]]
    assert exported(staff_client, "zero") == [["language", "query", "zero_results", "searches"],
                                              ["cs", "xyz", "3", "3"]]
    assert exported(staff_client, "unclicked") == [["language", "query", "searches", "searches_with_results"],
                                                   ["cs", "hrnek", "1", "1"]]
    assert exported(staff_client, "clicked-products")[1:] == [
        ["cs", "lampa", "201", "", "1", "2.0"], ["cs", "stul", "101", "", "1", "1.0"],
        ["cs", "stul", "102", "", "1", "3.0"]]
    page = staff_client.get(DASHBOARD, PERIOD).content.decode()
    for table in ("top", "zero", "unclicked", "clicked-products"):
        assert f"?since=2026-03-01&amp;until=2026-03-03&amp;language=cs&amp;export={table}" in page


@pytest.mark.django_db
def test_a_query_a_spreadsheet_would_run_is_exported_as_text(staff_client):
    logged('=HYPERLINK("http://evil.example","x")', 0, date(2026, 3, 2))
    logged("-1", 0, date(2026, 3, 2))
    rows = exported(staff_client, "zero")[1:]
    assert sorted(row[1] for row in rows) == ["'-1", """'=HYPERLINK("http://evil.example","x")"""]


@pytest.mark.django_db
def test_the_two_charts_are_inline_svg_with_a_mark_per_day(staff_client, log):
    page = staff_client.get(DASHBOARD, PERIOD).content.decode()
    charts = [ElementTree.fromstring(svg) for svg in re.findall(r"<svg [^>]*class=\"chart .*?</svg>", page, re.S)]
    assert len(charts) == 2
    bars, line = charts
    assert [rect.find(f"{SVG}title").text for rect in bars.iter(f"{SVG}rect")] == ["1. 3.: 0", "2. 3.: 6", "3. 3.: 4"]
    assert [dot.find(f"{SVG}title").text for dot in line.iter(f"{SVG}circle")] == [
        "1. 3.: 0 %", "2. 3.: 17 %", "3. 3.: 50 %"]
    heights = [float(rect.get("height")) for rect in bars.iter(f"{SVG}rect")]
    assert heights[0] == 0 and heights[1] > heights[2] > 0
    assert len(line.find(f"{SVG}polyline").get("points").split()) == 3


@pytest.mark.django_db
def test_the_roll_up_redoes_its_last_day_for_late_clicks_and_later_days_are_read_live():
    day1, day2 = date(2026, 3, 2), date(2026, 3, 3)
    early = logged("stul", 5, day1)
    assert roll_up(through=day1) == (day1, day1)
    clicked(early, 101, 1)  # after its day was rolled up
    logged("stul", 5, day2)
    assert analytics.summary(period())["clicked_searches"] == 0  # the roll-up's count, until redone
    assert roll_up(through=day2) == (date(2026, 3, 1), day2)  # the last REDO_DAYS rolled are redone
    assert analytics.summary(period())["clicked_searches"] == 1
    assert list(SearchDay.objects.order_by("day").values_list("day", "searches", "clicked_searches")) == [
        (day1, 1, 1), (day2, 1, 0)]
    logged("lampa", 3, day2, hour=20)  # after day 2 was rolled up: the roll-up is of yesterday and before
    assert [row["searches"] for row in analytics.daily(period())] == [0, 1, 1]
    assert roll_up(through=day1) == (day1, day1)  # rolling an earlier day again keeps the later ones
    assert rolled_through() == day2
    assert analytics.summary(period())["searches"] == 2


@pytest.mark.django_db
def test_the_log_cleanup_deletes_rolled_up_days_past_the_retention(settings):
    settings.SEARCH_LOG_RETENTION_DAYS = 10
    today = timezone.localdate()
    logged("stul", 5, today - timedelta(days=20))
    logged("stul", 5, today - timedelta(days=2))
    roll_up()
    assert SearchDay.objects.count() == 2
    call_command("search_log_cleanup")
    assert list(SearchDay.objects.values_list("day", flat=True)) == [today - timedelta(days=2)]


@pytest.mark.django_db
def test_the_dashboard_speaks_the_staffs_language(staff_client):
    page = staff_client.get(DASHBOARD, {"since": "2026-03-05", "until": "2026-03-01"},
                            HTTP_ACCEPT_LANGUAGE="cs").content.decode()
    assert "Analytika vyhledávání" in page and "Hledání po dnech" in page
    assert "Začátek období je po jeho konci." in page
