"""A/B test of rankings over simulated traffic: does the experiment view find a true difference,
and only a true one?

    set -a; . ./.env; set +a; .venv/bin/python bench/ab_test.py [--shoppers 20000] [--seed 27]

In the bench database (BENCH_NAME, bench/lib/env.py), each scenario is a real experiment
(search/experiment.py) started, run and stopped: simulated shoppers (random X-Shopper-Id values)
make 1-3 searches each; every search is assigned its arm by the app's own code (a request with
the header through search.experiments.ranking_for) and noted through the real query log
(search.query_log, written by its writer thread). The shopper's behaviour depends on the arm
only through the scenario's true click probability: ~8 % of searches find nothing in every arm;
a search that found something is clicked with the arm's probability, then 1 + a geometric
number of distinct products (mean 1.25). The figures, intervals and verdicts are the
selector's (search/selectors/experiments.py) and the experiment view's as staff see them
(Django test client, superuser). Scenarios: a true difference (30 % vs 33 % click-through) on
much traffic, the same difference on a tenth of it, and an A/A test (both 30 %), which should be
called significant only about one time in twenty. The search itself (Elasticsearch) is not run:
ranking is not what is measured here, and the API path of an arm is covered by
search/tests/test_experiments.py. Then calibrates the click-through verdict over many repeated
experiments of both traffic sizes in memory (share called significant: ~5 % for A/A, the power
for 30 % vs 33 %). Last, times the results page over one experiment of 1 000 000 logged
searches, from the log alone and with the hourly roll-up (--timing-searches 0 skips it). Writes
bench/results/ab_test/report.md and results.json. The seed fixes the shoppers' behaviour; the
split differs between runs, as each run's experiments get new ids.
"""
import argparse
import html
import json
import random
import re
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib import env  # noqa: E402

OUT = env.ROOT / "bench" / "results" / "ab_test"
ZERO_RESULTS = 0.08
MORE_CLICKS = 0.2  # after each clicked product, the chance of one more


def scenarios(shoppers):
    return [
        ("true difference", shoppers, {"control": 0.30, "popular": 0.33}),
        ("true difference, a tenth of the traffic", shoppers // 10, {"control": 0.30, "popular": 0.33}),
        ("A/A (no difference)", shoppers, {"control": 0.30, "popular": 0.30}),
    ]


def start(name):
    from search.experiment import Experiment, ExperimentArm

    Experiment.objects.filter(status=Experiment.RUNNING).update(status=Experiment.STOPPED)
    experiment = Experiment.objects.create(name=f"bench: {name}", language="cs")
    ExperimentArm.objects.create(experiment=experiment, name="control", share=50)
    ExperimentArm.objects.create(experiment=experiment, name="popular", share=50, popularity_weight=0.5)
    experiment.status = Experiment.RUNNING
    experiment.save()
    return experiment


def simulate(shoppers, click_rates, rng):
    """Noted searches and clicks, through the app's assignment and query log."""
    from rest_framework.test import APIRequestFactory

    from search import query_log
    from search.experiments import ranking_for
    from search.log_writer import writer

    factory, searches = APIRequestFactory(), 0
    for n in range(shoppers):
        shopper = uuid.UUID(int=rng.getrandbits(128)).hex
        for _ in range(rng.choice((1, 1, 2, 3))):
            ranking = ranking_for(factory.get("/", HTTP_X_SHOPPER_ID=shopper), "cs")
            results = 0 if rng.random() < ZERO_RESULTS else rng.randint(1, 200)
            search_id = query_log.log_search(language="cs", text="bota", results=results, backend="elasticsearch",
                                             shopper=shopper[:32], experiment=ranking.experiment, arm=ranking.arm)
            if results and rng.random() < click_rates[ranking.name]:
                position = 1
                while True:
                    query_log.log_click(search_id=search_id, product_id=rng.randint(1, 10_000), position=position)
                    if rng.random() >= MORE_CLICKS or position >= results:
                        break
                    position += 1
            query_log.flush()  # the end of the request
            searches += 1
            if searches % 1000 == 0:  # faster than any web process: let the writer keep up
                assert writer.wait_until_written(60), "the query log was not written"
    return searches


def verdicts(client, experiment):
    page = client.get("/admin/search/searchanalytics/experiments/", {"experiment": experiment.pk})
    assert page.status_code == 200, page.status_code
    found = re.findall(r'<li class="(significant|not-significant)">(.*?)</li>', page.content.decode(), re.S)
    return [html.unescape(text.strip()) for _kind, text in found]


def run(name, shoppers, click_rates, rng, client):
    from search.experiment import Experiment
    from search.log_writer import writer
    from search.selectors.experiments import experiment_results

    experiment = start(name)
    started = time.perf_counter()
    searches = simulate(shoppers, click_rates, rng)
    assert writer.wait_until_written(60), "the query log was not written"
    seconds = time.perf_counter() - started
    experiment.status = Experiment.STOPPED
    experiment.save()
    results = experiment_results(experiment)
    arms = [{"arm": arm.name, "true_click_probability": click_rates[arm.name], "searches": arm.searches,
             **{metric: None if getattr(arm, metric) is None else
                {key: round(getattr(getattr(arm, metric), key), 4) for key in ("value", "low", "high")}
                for metric in ("click_through", "zero_rate", "clicks_per_search")}}
            for arm in results.arms]
    tests = [{"metric": c.metric, "difference": c.difference, "p_value": c.p_value, "significant": c.significant}
             for c in results.comparisons]
    shown = verdicts(client, experiment)
    env.say(f"{name}: {searches} searches in {seconds:.1f} s; {shown}")
    return {"scenario": name, "experiment": experiment.pk, "shoppers": shoppers, "searches_noted": searches,
            "seconds": round(seconds, 1), "arms": arms, "tests": tests, "verdicts": shown}


def calibration(sizes, repeats, rng):
    """How often the click-through verdict says "significant" over many repeated experiments of
    each traffic size, in memory (the same assignment and the same test, no database): about 5 %
    for an A/A test (the false-positive rate the level promises), and the power for the true
    difference."""
    from common.stats import two_proportion_p
    from search.experiments import BUCKETS, bucket

    rates = []
    for shoppers in sizes:
        for name, click_rates in (("A/A", (0.30, 0.30)), ("30 % vs 33 %", (0.30, 0.33))):
            significant = 0
            for repeat in range(repeats):
                counts = [[0, 0], [0, 0]]  # per arm: searches, clicked
                for _ in range(shoppers):
                    shopper = uuid.UUID(int=rng.getrandbits(128)).hex
                    arm = 0 if bucket(10_000 + repeat, shopper) < BUCKETS // 2 else 1
                    for _ in range(rng.choice((1, 1, 2, 3))):
                        found = rng.random() >= ZERO_RESULTS
                        counts[arm][0] += 1
                        counts[arm][1] += found and rng.random() < click_rates[arm]
                p_value = two_proportion_p(counts[1][1], counts[1][0], counts[0][1], counts[0][0])
                significant += p_value is not None and p_value < 0.05
            rates.append({"shoppers": shoppers, "case": name, "significant_share": significant / repeats})
            env.say(f"calibration {name}, {shoppers} shoppers: significant in {significant} of {repeats}")
    return {"repeats": repeats, "rates": rates}


FILL_SEARCHES = """
    INSERT INTO search_searchlogentry (search_id, created_at, language, query, results, backend, "offset", shopper,
                                       network, experiment, arm)
    SELECT md5('ab-test' || %(experiment)s || '-' || i)::uuid, now() - (random() * interval '14 days'), 'cs',
           'query ' || (i %% 500), CASE WHEN random() < 0.08 THEN 0 ELSE 5 END, 'elasticsearch',
           CASE WHEN random() < 0.1 THEN 20 ELSE 0 END, '', '', %(experiment)s,
           CASE WHEN i %% 2 = 0 THEN %(control)s ELSE %(popular)s END
    FROM generate_series(1, %(searches)s) AS i ORDER BY 2
"""
FILL_CLICKS = """
    INSERT INTO search_searchclick (search_id, created_at, product_id, position)
    SELECT search_id, created_at + interval '20 seconds', 1 + (random() * 1000)::int, n
    FROM search_searchlogentry, generate_series(1, 2) AS n
    WHERE experiment = %(experiment)s AND results > 0 AND random() < CASE WHEN n = 1 THEN 0.3 ELSE 0.05 END
"""


def timing(searches, client, repeat=3):
    """The experiment view's time over one experiment of `searches` logged searches (14 days,
    filled in SQL), from the log alone and after the roll-up; the rows are deleted afterwards."""
    import statistics

    from django.db import connection

    from search.analytics_rollup import roll_up
    from search.experiment import Experiment
    from search.models import AnalyticsRollup, ExperimentDay

    experiment = start(f"timing over {searches:,} searches")
    control, popular = experiment.arms.all()
    Experiment.objects.filter(pk=experiment.pk).update(status=Experiment.STOPPED, stopped_at=experiment.started_at,
                                                       started_at=experiment.started_at - timedelta(days=15))
    experiment.refresh_from_db()
    params = {"experiment": experiment.pk, "control": control.pk, "popular": popular.pk, "searches": searches}
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
        cursor.execute(FILL_SEARCHES, params)
        cursor.execute(FILL_CLICKS, params)
        cursor.execute("ANALYZE search_searchlogentry")
        cursor.execute("ANALYZE search_searchclick")
        cursor.execute("RESET statement_timeout")

    def page():
        seconds = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get("/admin/search/searchanalytics/experiments/", {"experiment": experiment.pk})
            seconds.append(time.perf_counter() - started)
            assert response.status_code == 200 and b"could not be read" not in response.content
        return {"median": round(statistics.median(seconds), 3), "max": round(max(seconds), 3)}

    AnalyticsRollup.objects.all().delete()
    ExperimentDay.objects.all().delete()
    live = page()
    started = time.perf_counter()
    roll_up()
    rolled_seconds = round(time.perf_counter() - started, 1)
    rolled = page()
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
        cursor.execute("DELETE FROM search_searchclick c USING search_searchlogentry e "
                       "WHERE c.search_id = e.search_id AND e.experiment = %s", [experiment.pk])
        cursor.execute("DELETE FROM search_searchlogentry WHERE experiment = %s", [experiment.pk])
        cursor.execute("RESET statement_timeout")
    ExperimentDay.objects.filter(experiment=experiment.pk).delete()
    found = {"searches": searches, "page_from_log": live, "roll_up_seconds": rolled_seconds,
             "page_with_roll_up": rolled}
    env.say(f"timing: {found}")
    return found


def interval(estimate, percent=True):
    if estimate is None:
        return "–"
    scale, digits = (100, 1) if percent else (1, 3)
    unit = " %" if percent else ""
    return (f"{scale * estimate['value']:.{digits}f}{unit} "
            f"({scale * estimate['low']:.{digits}f}–{scale * estimate['high']:.{digits}f})")


def report(runs, seed, calibrated, timed):
    lines = ["# A/B test of rankings over simulated traffic", "",
             f"Seed {seed}. Each scenario is a real experiment (two arms, 50/50) in the bench database; arms "
             "assigned by the app (a stable hash of the X-Shopper-Id and the experiment), searches and clicks "
             "written by the query log, figures from the experiment view's selector. True click probability per "
             f"arm as listed (for a search that found something); {ZERO_RESULTS:.0%} of searches find nothing "
             "in both arms. Intervals are 95 % "
             "(Wilson for rates, normal for clicks per search); tests two-sided against the first arm "
             "(two-proportion z-test for rates, Welch's z-test for clicks per search), level 5 %.", ""]
    for one in runs:
        lines += [f"## {one['scenario']}", "",
                  f"{one['shoppers']:,} shoppers, {one['searches_noted']:,} searches "
                  f"(simulated and logged in {one['seconds']} s).", "",
                  "| arm | true click probability (expected click-through) | searches | click-through | "
                  "zero-result rate | clicks per search |",
                  "| --- | ---: | ---: | ---: | ---: | ---: |"]
        for arm in one["arms"]:
            expected = arm["true_click_probability"] * (1 - ZERO_RESULTS)
            lines.append(f"| {arm['arm']} | {arm['true_click_probability']:.0%} ({expected:.1%}) | "
                         f"{arm['searches']:,} | {interval(arm['click_through'])} | {interval(arm['zero_rate'])} | "
                         f"{interval(arm['clicks_per_search'], percent=False)} |")
        lines += ["", "The experiment view says:", ""] + [f"- {text}" for text in one["verdicts"]] + [""]
        if len({arm["true_click_probability"] for arm in one["arms"]}) == 1:
            lines += ["No true difference here: a verdict of \"significant\" is a false positive, which a 5 % "
                      "level allows about one time in twenty per metric (one in seven that any of the three "
                      "metrics is), see the calibration below.", ""]
    lines += ["## Calibration of the click-through verdict", "",
              f"{calibrated['repeats']} experiments per row, simulated in memory (the app's assignment hash and "
              "test, no database): the share called significant at 5 %.", "",
              "| shoppers (about 1.75 searches each) | true click probabilities | called significant |",
              "| ---: | --- | ---: |"]
    lines += [f"| {row['shoppers']:,} | {row['case']} | {row['significant_share']:.1%} |"
              for row in calibrated["rates"]]
    lines += ["", "An A/A share near 5 % is the false-positive rate the level promises; the other is the test's "
              "power for that difference at that traffic.", ""]
    if timed:
        lines += ["## The experiment view over a large experiment", "",
                  f"One experiment of {timed['searches']:,} logged searches over 14 days (filled in SQL, ~90 % first "
                  "pages, ~33 % clicked), the results page as a superuser (Django test client, in-process, "
                  "median and max of 3, 2 shared cores):", "",
                  "| read | median s | max s |", "| --- | ---: | ---: |",
                  f"| every day from the log | {timed['page_from_log']['median']:.3f} | "
                  f"{timed['page_from_log']['max']:.3f} |",
                  f"| days rolled up (today from the log) | {timed['page_with_roll_up']['median']:.3f} | "
                  f"{timed['page_with_roll_up']['max']:.3f} |", "",
                  f"The roll-up of the 14 days (`search_analytics_rollup`, every table) took "
                  f"{timed['roll_up_seconds']} s.", ""]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shoppers", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=27)
    parser.add_argument("--repeats", type=int, default=200, help="experiments per calibration case")
    parser.add_argument("--timing-searches", type=int, default=1_000_000,
                        help="searches of the experiment the results page is timed over (0: skip)")
    args = parser.parse_args()
    env.ensure_database()
    env.manage("migrate", "--noinput")
    env.setup_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    settings.SEARCH_QUERY_LOG = True
    user, _created = get_user_model().objects.get_or_create(username="bench-ab-test", defaults={
        "is_staff": True, "is_superuser": True})
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    rng = random.Random(args.seed)
    runs = [run(name, shoppers, rates, rng, client) for name, shoppers, rates in scenarios(args.shoppers)]
    calibrated = calibration((args.shoppers, args.shoppers // 10), args.repeats, rng)
    timed = timing(args.timing_searches, client) if args.timing_searches else None
    OUT.mkdir(parents=True, exist_ok=True)
    text = report(runs, args.seed, calibrated, timed)
    (OUT / "report.md").write_text(text)
    (OUT / "results.json").write_text(json.dumps({"seed": args.seed, "runs": runs, "calibration": calibrated,
                                                  "timing": timed}, indent=2) + "\n")
    print(text)


if __name__ == "__main__":
    main()
