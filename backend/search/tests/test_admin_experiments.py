"""Search → Experiments in the admin and the dashboard's experiment view: staff's input
refused with a message (never a 500), and each arm's figures, intervals and verdicts computed
right on a known log."""
import math
import re
import uuid
from datetime import date, datetime, time, timedelta

import psycopg2
import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from model_bakery import baker

from common.stats import wilson
from search.experiment import Experiment, ExperimentArm, ExperimentDay
from search.models import SearchClick, SearchLogEntry
from search.selectors.experiments import experiment_results

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
ADD = "/admin/search/experiment/add/"
RESULTS = "/admin/search/searchanalytics/experiments/"


def form(*arms, name="popularity", language="", status="draft", initial=0):
    """The add form as the admin posts it; each arm (name, share[, popularity weight])."""
    data = {"name": name, "language": language, "status": status, "arms-TOTAL_FORMS": len(arms),
            "arms-INITIAL_FORMS": initial, "arms-MIN_NUM_FORMS": 2, "arms-MAX_NUM_FORMS": 3}
    for n, (arm_name, share, *weight) in enumerate(arms):
        data.update({f"arms-{n}-name": arm_name, f"arms-{n}-share": share,
                     f"arms-{n}-popularity_weight": weight[0] if weight else 0, f"arms-{n}-rules": "on"})
    return data


def refused(response):
    """The form shown again; all its error messages as one text."""
    assert response.status_code == 200, "the form should be shown again"
    errors = [str(error) for errors in response.context["adminform"].form.errors.values() for error in errors]
    for formset in response.context["inline_admin_formsets"]:
        errors += [str(error) for error in formset.formset.non_form_errors()]
        errors += [str(error) for form_errors in formset.formset.errors for error in form_errors.values()]
    assert errors, "nothing refused"
    return " ".join(errors)


def running(name="one", language="", shares=(50, 50)):
    experiment = Experiment.objects.create(name=name, language=language)
    for n, share in enumerate(shares):
        ExperimentArm.objects.create(experiment=experiment, name=f"arm{n}", share=share)
    experiment.status = Experiment.RUNNING
    experiment.save()
    return experiment


def test_arms_whose_shares_do_not_add_up_to_100_are_refused(staff_client):
    assert "add up to 90 %" in refused(staff_client.post(ADD, form(("control", 60), ("popular", 30))))
    assert "add up to 110 %" in refused(staff_client.post(ADD, form(("a", 40), ("b", 40), ("c", 30))))
    assert refused(staff_client.post(ADD, form(("control", 100))))  # one arm
    assert refused(staff_client.post(ADD, form(("a", 25), ("b", 25), ("c", 25), ("d", 25))))  # four
    assert "same name" in refused(staff_client.post(ADD, form(("control", 50), ("Control", 50))))
    assert refused(staff_client.post(ADD, form(("control", 50), ("popular", 50, -1))))  # a negative weight
    assert not Experiment.objects.exists()
    response = staff_client.post(ADD, form(("control", 70), ("popular", 30, 0.5), status="running"))
    assert response.status_code == 302
    experiment = Experiment.objects.get()
    assert [(arm.name, arm.share, arm.popularity_weight) for arm in experiment.arms.all()] == [
        ("control", 70, 0.0), ("popular", 30, 0.5)]
    assert experiment.started_at is not None and experiment.stopped_at is None


def test_a_second_running_experiment_for_a_language_is_refused(staff_client):
    everywhere = running(language="")
    message = refused(staff_client.post(ADD, form(("a", 50), ("b", 50), language="cs", status="running")))
    assert "is running for the same language" in message and everywhere.name in message
    assert staff_client.post(ADD, form(("a", 50), ("b", 50), language="cs")).status_code == 302  # a draft may wait
    everywhere.status = Experiment.STOPPED
    everywhere.save()
    assert staff_client.post(ADD, form(("a", 50), ("b", 50), language="cs", status="running")).status_code == 302
    assert staff_client.post(ADD, form(("a", 50), ("b", 50), language="en", status="running")).status_code == 302
    assert "same language" in refused(staff_client.post(ADD, form(("a", 50), ("b", 50), status="running")))


def test_a_started_experiment_keeps_its_arms_and_cannot_run_again_once_stopped(staff_client):
    experiment = running(shares=(50, 50))
    change = f"/admin/search/experiment/{experiment.pk}/change/"
    page = staff_client.get(change)
    assert page.status_code == 200 and 'name="arms-0-share"' not in page.content.decode()  # read-only
    response = staff_client.post(change, {**form(status="stopped", name="one"), "arms-0-share": 90})
    assert response.status_code == 302
    experiment.refresh_from_db()
    assert experiment.status == Experiment.STOPPED and experiment.stopped_at is not None
    assert [arm.share for arm in experiment.arms.all()] == [50, 50]
    assert "cannot run again" in refused(staff_client.post(change, form(status="running", name="one")))
    assert "can only be stopped" in refused(staff_client.post(
        f"/admin/search/experiment/{running('two').pk}/change/", form(status="draft", name="two")))


DAY1, DAY2 = date(2026, 3, 2), date(2026, 3, 3)


def search(experiment, arm, *, results=5, clicks=(), offset=0, day=DAY1):
    search_id = uuid.uuid4()
    at = timezone.make_aware(datetime.combine(day, time(12)), timezone.get_default_timezone())
    baker.make(SearchLogEntry, search_id=search_id, language="cs", query="bota", results=results, backend="postgres",
               offset=offset, experiment=experiment.id, arm=arm.id, created_at=at)
    for position, product in enumerate(clicks, 1):
        baker.make(SearchClick, search_id=search_id, product_id=product, position=position)


@pytest.fixture(params=[None, DAY1, DAY2], ids=["live", "half-rolled-up", "rolled-up"])
def log(request):
    """Control: 10 searches, 2 found nothing, 4 clicked (5 distinct products: one clicked twice
    counts once). Popular: 10 searches, every one clicked once. And rows that must not count.
    Over two days, read from the log itself, rolled up through the first day, or through both."""
    experiment = running(shares=(50, 50))
    Experiment.objects.filter(pk=experiment.pk).update(started_at=timezone.make_aware(datetime(2026, 3, 1)))
    experiment.refresh_from_db()
    control, popular = experiment.arms.all()
    search(experiment, control, clicks=(1, 2, 1))
    for product in (3, 4, 5):
        search(experiment, control, clicks=(product,), day=DAY2)
    search(experiment, control, results=0)
    search(experiment, control, results=0, day=DAY2)
    for n in range(4):
        search(experiment, control, day=(DAY1, DAY2)[n % 2])
    for product in range(10):
        search(experiment, popular, clicks=(product,), day=(DAY1, DAY2)[product % 2])
    search(experiment, control, offset=20, clicks=(9,))  # a second page: not another search
    other = running(name="other", language="xx")
    search(other, other.arms.first(), clicks=(1,))  # another experiment
    baker.make(SearchLogEntry, search_id=uuid.uuid4(), results=1, created_at=timezone.now())  # no experiment
    if request.param:
        call_command("search_analytics_rollup", through=request.param)
        rolled = ExperimentDay.objects.filter(experiment=experiment.id)
        assert sorted(set(rolled.values_list("day", flat=True))) == [DAY1, DAY2][:1 + (request.param == DAY2)]
    return experiment


def test_each_arms_figures_and_intervals_on_a_known_log(log):
    results = experiment_results(log)
    control, popular = results.arms
    assert (control.name, control.searches, control.zero_results, control.clicked_searches, control.clicks) == (
        "arm0", 10, 2, 4, 5)
    assert (popular.searches, popular.zero_results, popular.clicked_searches, popular.clicks) == (10, 0, 10, 10)
    assert control.click_through == wilson(4, 10)
    assert (round(control.click_through.low, 3), round(control.click_through.high, 3)) == (0.168, 0.687)
    assert control.zero_rate == wilson(2, 10) and popular.zero_rate == wilson(0, 10)
    # clicks per search 0, 0, …, 1, 1, 1, 2: mean 0.5, sample variance (7 - 10 · 0.25) / 9 = 0.5
    half = 1.959963984540054 * math.sqrt(0.5 / 10)
    assert control.clicks_per_search.value == 0.5
    assert math.isclose(control.clicks_per_search.low, 0.5 - half)
    assert math.isclose(control.clicks_per_search.high, 0.5 + half)
    assert popular.clicks_per_search.value == popular.clicks_per_search.low == 1.0  # no variance


def test_each_difference_is_tested_against_the_control(log):
    results = experiment_results(log)
    verdicts = {comparison.metric: comparison for comparison in results.comparisons}
    assert results.alpha == 0.05 and {c.arm for c in results.comparisons} == {"arm1"}
    click_through = verdicts["click_through"]
    # pooled 14/20: z = 0.6 / sqrt(0.7 · 0.3 · 0.2) = 2.928
    assert math.isclose(click_through.p_value, math.erfc(0.6 / math.sqrt(0.7 * 0.3 * 0.2) / math.sqrt(2)))
    assert click_through.significant and math.isclose(click_through.difference, 0.6)
    # Welch: 0.5 / sqrt(0 + 0.5 / 10) = 2.236, p = 0.025
    assert math.isclose(verdicts["clicks_per_search"].p_value, math.erfc(0.5 / math.sqrt(0.05) / math.sqrt(2)))
    assert verdicts["clicks_per_search"].significant
    assert not verdicts["zero_rate"].significant and verdicts["zero_rate"].p_value > 0.1


def test_three_arms_split_the_level_between_two_comparisons():
    assert experiment_results(running(shares=(40, 30, 30))).alpha == 0.025


def test_the_experiment_view_shows_the_figures_and_verdicts(staff_client, log):
    page = staff_client.get(RESULTS, {"experiment": log.pk}).content.decode()
    assert "<td>40.0 % (16.8–68.7)</td>" in page and "<td>100.0 % (72.2–100.0)</td>" in page
    assert re.search(r"click-through rate: \+60\.0 percentage points, a significant difference "
                     r"\(two-proportion z-test, p = 0\.00341 &lt; 5 %\)", page)
    assert "zero-result rate: -20.0 percentage points, not a significant difference" in page
    assert "Welch" in page and "errornote" not in page
    assert f'href="{RESULTS}"' in staff_client.get("/admin/search/searchanalytics/").content.decode()
    listing = staff_client.get("/admin/search/experiment/").content.decode()
    assert f"{RESULTS}?experiment={log.pk}" in listing


def test_the_experiment_view_refuses_bad_input_without_a_500(staff_client):
    assert "No experiments yet" in staff_client.get(RESULTS).content.decode()
    latest = running(name="latest")
    for bad in ("abc", "999999", "1e9", "-1", "\x00"):
        response = staff_client.get(RESULTS, {"experiment": bad})
        assert response.status_code == 200, bad
        page = response.content.decode()
        assert "messagelist" in page and "experiment:" in page
        assert f'value="{latest.pk}" selected' in page  # the latest experiment instead


def test_the_experiment_view_needs_the_analytics_permission(client, django_user_model):
    user = django_user_model.objects.create_user("staff", "s@example.com", "pw", is_staff=True)
    client.force_login(user)
    assert client.get(RESULTS).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="view_analytics"))
    client.force_login(django_user_model.objects.get(pk=user.pk))
    assert client.get(RESULTS).status_code == 200


def test_staff_read_the_experiments_and_their_refusals_in_their_language(staff_client, log):
    czech = staff_client.get(RESULTS, {"experiment": log.pk}, HTTP_ACCEPT_LANGUAGE="cs").content.decode()
    assert "míra prokliku (95 % interval)" in czech
    assert "statisticky významný rozdíl (z-test dvou podílů, p = 0.00341 &lt; 5 %)" in czech
    assert "Welchovým z-testem" in czech and "hladina 2.5 %" in czech and "hladinu 5 %" in czech
    slovak = staff_client.post(ADD, form(("a", 60), ("b", 30)), HTTP_ACCEPT_LANGUAGE="sk")
    assert refused(slovak) == "Podiely návštevnosti variantov dávajú spolu 90 %; musia dávať 100 %."


def test_figures_postgresql_cannot_read_in_time_are_an_error_message_not_a_500(staff_client):
    experiment = running()
    db = django_settings.DATABASES["default"]
    blocker = psycopg2.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"],
                               dbname=connection.settings_dict["NAME"])
    try:
        blocker.cursor().execute("LOCK TABLE search_searchlogentry IN ACCESS EXCLUSIVE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 200")
        response = staff_client.get(RESULTS, {"experiment": experiment.pk})
    finally:
        blocker.rollback()
        blocker.close()
    assert response.status_code == 200
    page = response.content.decode()
    assert "could not be read now" in page and "statement timeout" in page and 'id="table-arms"' in page


def test_the_log_cleanup_deletes_experiment_days_past_the_retention(settings):
    settings.SEARCH_LOG_RETENTION_DAYS = 10
    experiment = running()
    Experiment.objects.filter(pk=experiment.pk).update(started_at=timezone.now() - timedelta(days=30))
    arm = experiment.arms.first()
    today = timezone.localdate()
    search(experiment, arm, day=today - timedelta(days=20))
    search(experiment, arm, day=today - timedelta(days=2))
    call_command("search_analytics_rollup")
    assert ExperimentDay.objects.count() == 2
    call_command("search_log_cleanup")
    assert list(ExperimentDay.objects.values_list("day", flat=True)) == [today - timedelta(days=2)]


def test_the_api_schema_documents_the_shopper_header(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/search/products/{lang}/"]["get"]["parameters"]
    header = next(parameter for parameter in parameters if parameter["name"] == "X-Shopper-Id")
    assert header["in"] == "header" and not header.get("required") and "A/B test" in header["description"]
