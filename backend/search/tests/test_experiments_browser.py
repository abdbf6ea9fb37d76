"""The experiment view in a real headless Chromium against the live server: staff log in, the
arms' figures and verdicts render under the site's unchanged Content-Security-Policy (the `page`
fixture fails on any violation), and a screenshot is written to artifacts/ (docs/experiment-view.png
is one of them)."""
import random
import uuid
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from common.tests.browser import browser, page  # noqa: F401  (fixtures)
from search.experiment import Experiment, ExperimentArm
from search.models import SearchClick, SearchLogEntry

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOT = Path(__file__).resolve().parents[3] / "artifacts" / "experiment-view.png"


def an_experiment_with_traffic(seed=4):
    """Two arms of 600 searches; "popular" is clicked more often (36 % against 27 %)."""
    experiment = Experiment.objects.create(name="Popularity boost", language="cs")
    arms = [ExperimentArm.objects.create(experiment=experiment, name="control", share=50),
            ExperimentArm.objects.create(experiment=experiment, name="popular", share=50, popularity_weight=0.5)]
    experiment.status = Experiment.RUNNING
    experiment.save()
    chance, entries, clicks = random.Random(seed), [], []
    for arm, click_rate in zip(arms, (0.27, 0.36)):
        for _ in range(600):
            entry = SearchLogEntry(search_id=uuid.uuid4(), created_at=timezone.now(), language="cs", query="lampa",
                                   results=0 if chance.random() < 0.08 else 12, backend="elasticsearch",
                                   experiment=experiment.id, arm=arm.id)
            entries.append(entry)
            if entry.results and chance.random() < click_rate:
                clicks.append(SearchClick(search_id=entry.search_id, product_id=chance.randint(1, 50), position=1))
    SearchLogEntry.objects.bulk_create(entries)
    SearchClick.objects.bulk_create(clicks)
    return experiment


def test_the_experiment_view_renders_in_chromium(page, live_server, django_user_model):  # noqa: F811
    django_user_model.objects.create_superuser("boss", "boss@example.com", "a-long-password")
    experiment = an_experiment_with_traffic()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/search/searchanalytics/experiments/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "a-long-password")
    page.click("input[type=submit]")
    expect(page.locator("h1")).to_have_text("Experiments")
    expect(page.locator("#id_experiment")).to_have_value(str(experiment.pk))
    expect(page.locator("#table-arms tbody tr")).to_have_count(2)
    expect(page.locator("#table-arms tbody")).to_contain_text("600")
    expect(page.locator("#experiment-verdicts li")).to_have_count(3)
    expect(page.locator("#experiment-verdicts li.significant").first).to_contain_text("click-through rate")
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000
