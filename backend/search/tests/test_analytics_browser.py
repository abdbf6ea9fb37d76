"""The analytics dashboard in a real headless Chromium against the live server: staff log in, the
two SVG charts render under the site's unchanged Content-Security-Policy (the `page` fixture
fails on any violation), and a screenshot is written to artifacts/ (docs/analytics-dashboard.png
is one of them)."""
import random
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from common.tests.browser import browser, page  # noqa: F401  (fixtures)
from search.models import SearchClick, SearchLogEntry

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOT = Path(__file__).resolve().parents[3] / "artifacts" / "analytics-dashboard.png"
QUERIES = ["stůl", "lampa", "hrnek", "nůž", "košík", "košile", "pálka", "psací stůl", "židle", "mobil"]


def a_month_of_searches(seed=7):
    """A month of searches, busier on weekdays; 'mobil' and 'židle' find nothing; ~30 % clicked."""
    chance = random.Random(seed)
    now, entries, clicks = timezone.now(), [], []
    for days_ago in range(30):
        day = now - timedelta(days=days_ago)
        for _ in range(chance.randint(20, 40) + (25 if day.weekday() < 5 else 0)):
            query = chance.choices(QUERIES, weights=range(len(QUERIES), 0, -1))[0]
            entry = SearchLogEntry(search_id=uuid.uuid4(), created_at=day - timedelta(minutes=chance.randint(0, 600)),
                                   language="cs", query=query, results=0 if query in ("mobil", "židle") else 12,
                                   backend="elasticsearch")
            entries.append(entry)
            if entry.results and chance.random() < 0.3:
                clicks.append(SearchClick(search_id=entry.search_id, product_id=100 + QUERIES.index(query),
                                          position=1 + int(4 * chance.random() ** 2)))
    SearchLogEntry.objects.bulk_create(entries)
    SearchClick.objects.bulk_create(clicks)


def test_the_dashboard_renders_its_charts_in_chromium(page, live_server, django_user_model):  # noqa: F811
    django_user_model.objects.create_superuser("boss", "boss@example.com", "a-long-password")
    a_month_of_searches()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/search/searchanalytics/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "a-long-password")
    page.click("input[type=submit]")
    expect(page.locator("h1")).to_have_text("Search analytics")
    expect(page.locator("svg.chart")).to_have_count(2)
    expect(page.locator("#chart-searches svg rect.bar")).to_have_count(30)
    expect(page.locator("#chart-zero-rate svg circle.dot")).to_have_count(30)
    assert page.locator("#chart-searches svg").bounding_box()["height"] > 100
    expect(page.locator("#table-zero tbody tr")).to_have_count(2)
    expect(page.locator("#table-zero tbody")).to_contain_text("mobil")
    expect(page.locator("#summary-searches")).not_to_have_text("0")
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000
