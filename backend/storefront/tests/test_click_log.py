"""Result clicks reach the query log from a real Chromium (fixtures in conftest.py)."""
import pytest
from playwright.sync_api import expect

from search.models import SearchClick, SearchLogEntry
from search.selectors.query_report import ReportFilter, query_report
from search.tests.helpers import wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("query_log")]


def result_link(item):
    """A result's link to its product page. Until the storefront renders one, the test adds
    what it will be: an <a href> in the result (the click handler only reads data attributes)."""
    if not item.locator("a[href]").count():
        item.evaluate("""(li) => {
            const link = document.createElement("a");
            link.href = "#product-" + li.dataset.id;
            link.textContent = "detail";
            li.querySelector(".product-title").append(link);
        }""")
    return item.locator("a[href]").first


def test_opening_a_result_is_recorded_with_its_position_and_shows_in_the_report(page, live_server, catalog):
    page.goto(f"{live_server.url}/?lang=cs&q=bota")
    items = page.locator("#result-list li.product")
    expect(items).to_have_count(5)
    second = items.nth(1)
    product_id = int(second.get_attribute("data-id"))
    result_link(second).click()
    assert wait_for(SearchClick.objects.exists), "no click recorded"
    click = SearchClick.objects.get()
    entry = SearchLogEntry.objects.get(search_id=click.search_id)
    assert (click.product_id, click.position, entry.query) == (product_id, 2, "bota")
    rows = query_report(ReportFilter(language="cs"))
    assert [(row["query"], row["clicks"]) for row in rows] == [("bota", 1)], rows


def test_clicks_on_a_later_page_count_their_position_across_pages(page, live_server, catalog):
    page.goto(f"{live_server.url}/?lang=cs&q=bota&limit=2&offset=2")
    items = page.locator("#result-list li.product")
    expect(items).to_have_count(2)
    result_link(items.nth(0)).click()
    assert wait_for(SearchClick.objects.exists), "no click recorded"
    assert SearchClick.objects.get().position == 3
