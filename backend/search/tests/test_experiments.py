"""A/B tests on the search API against the real services: each search ranks with its
shopper's arm and is logged with it, and stopping returns everyone to the default within
SEARCH_RULES_RECHECK_SECONDS without a database read per search."""
import time

import pytest
from django.db.models import F
from rest_framework.test import APIClient, APIRequestFactory

from products.tests.factories import make_shoe_shop
from search.experiment import Experiment, ExperimentArm
from search.experiments import arm_for
from search.log_writer import writer
from search.models import Rule, RulesVersion, SearchLogEntry
from search.rules import running_experiments_now
from search.shoppers import identified_shopper
from search.tests.test_apis import SEARCH, refresh_index

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync", "query_log"),
]


@pytest.fixture
def shop():
    return make_shoe_shop()


@pytest.fixture
def test(shop):
    """A running Czech experiment: "control" with staff's rules, "no-rules" without; a banner
    rule for every query tells which one a search ran with."""
    Rule.objects.create(name="banner", action=Rule.BANNER, banner_text="Sale", banner_link="/sale/")
    experiment = Experiment.objects.create(name="rules or not", language="cs")
    ExperimentArm.objects.create(experiment=experiment, name="control", share=50)
    ExperimentArm.objects.create(experiment=experiment, name="no-rules", share=50, rules=False,
                                 popularity_weight=0.5)
    experiment.status = Experiment.RUNNING
    experiment.save()
    return experiment


def shopper_in(arm_name):
    """A shopper id the running experiment puts in the named arm."""
    [running] = running_experiments_now()
    arm = next(arm for arm in running.arms if arm.ranking.name == arm_name)
    hashed = lambda raw: identified_shopper(APIRequestFactory().get("/", HTTP_X_SHOPPER_ID=raw))  # noqa: E731
    return next(raw for raw in (f"shopper-{n}" for n in range(1000)) if arm_for(running, hashed(raw)) == arm)


def search(lang="cs", shopper=None, cookie=None, q="bota"):
    refresh_index()
    client = APIClient()
    if cookie:
        client.cookies["shopper"] = cookie
    headers = {"HTTP_X_SHOPPER_ID": shopper} if shopper else {}
    response = client.get(SEARCH.format(lang=lang), {"q": q}, **headers)
    assert response.status_code == 200, response.content
    return response.json()


def logged():
    assert writer.wait_until_written(5)
    return list(SearchLogEntry.objects.order_by("created_at", "id").values_list("experiment", "arm"))


def test_each_search_ranks_with_its_shoppers_arm_and_is_logged_with_it(test):
    control, no_rules = test.arms.order_by("id")
    with_rules, without = shopper_in("control"), shopper_in("no-rules")
    assert [banner["text"] for banner in search(shopper=with_rules)["banners"]] == ["Sale"]
    assert search(shopper=without)["banners"] == []  # the arm's ranking: rules off
    assert search(cookie=without)["banners"] == []  # the storefront's cookie: the same shopper
    assert search(shopper=without)["banners"] == []  # and the same arm every time
    assert logged() == [(test.id, control.id), (test.id, no_rules.id), (test.id, no_rules.id),
                        (test.id, no_rules.id)]


def test_a_search_without_a_shopper_id_gets_the_default_and_is_not_counted(test):
    assert [banner["text"] for banner in search()["banners"]] == ["Sale"]
    assert search(lang="en", shopper=shopper_in("no-rules"))["banners"] != []  # a Czech experiment only
    assert logged() == [(None, None), (None, None)]


def test_stopping_in_the_admin_returns_everyone_to_the_default_at_once(test, staff_client):
    without = shopper_in("no-rules")
    assert search(shopper=without)["banners"] == []
    response = staff_client.post("/admin/search/experiment/", {"action": "stop", "_selected_action": [test.pk]})
    assert response.status_code == 302
    test.refresh_from_db()
    assert test.status == Experiment.STOPPED and test.stopped_at >= test.started_at
    assert search(shopper=without)["banners"] != []
    assert logged()[-1] == (None, None)


def test_stopped_by_another_process_acts_within_the_recheck_interval_with_no_read_per_search(test, settings):
    settings.SEARCH_RULES_RECHECK_SECONDS = 2
    without = shopper_in("no-rules")
    assert search(shopper=without)["banners"] == []
    # Another process stopped it: the rows changed and the version row moved, this process's copy did not.
    Experiment.objects.filter(pk=test.pk).update(status=Experiment.STOPPED)
    RulesVersion.objects.filter(pk=1).update(version=F("version") + 1)
    assert search(shopper=without)["banners"] == []  # within the interval: the cached copy
    time.sleep(2.1)
    assert search(shopper=without)["banners"] != []
    assert running_experiments_now() == ()


def test_a_browser_given_the_storefronts_cookie_keeps_one_arm_across_searches(test, client):
    """The search page gives the browser its shopper cookie; the page's own API calls send it
    back (same origin), so every search of that browser is one shopper's, in one arm."""
    assert client.get("/").cookies["shopper"].value
    for _ in range(3):
        refresh_index()
        assert client.get(SEARCH.format(lang="cs"), {"q": "bota"}).status_code == 200
    arms = logged()
    assert len(arms) == 3 and len(set(arms)) == 1 and arms[0][0] == test.id and arms[0][1] is not None
