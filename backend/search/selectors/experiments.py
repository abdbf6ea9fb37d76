"""Each A/B test arm's figures from the query log, with 95 % intervals, and whether the arms
differ significantly (the dashboard's experiment view, search/admin_experiment_results.py).

A search is a first page (offset 0) logged with the experiment and arm (search/experiments.py);
searches without a shopper id were never assigned and do not count. Per arm: searches, the
click-through rate (searches with a click), the zero-result rate and clicks per search (the
distinct products clicked from the search: one result clicked twice is one choice). Each later
arm is compared with the first (the control): rates by the two-proportion z-test, clicks per
search by Welch's z-test, two-sided; with three arms the 5 % level is split between the two
comparisons (Bonferroni), so "significant" keeps its meaning. Days rolled up hourly are read from
the roll-up (search/experiment.py ExperimentDay), later ones from the log, so the figures are
never stale (bench/results/ab_test/report.md has the timings).
"""
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection

from common.stats import Estimate, mean_interval, two_means_p, two_proportion_p, wilson
from search.analytics_rollup import midnight, rolled_through
from search.experiment import Experiment

ALPHA = 0.05
RATES = ("click_through", "zero_rate")
METRICS = (*RATES, "clicks_per_search")

# Days rolled up (search/analytics_rollup.py, hourly) are read from the roll-up, later ones from the
# log (their clicks joined to the experiment's own searches, counted per search), in one statement.
# Whatever plan PostgreSQL picks for the log's part, none aggregates the whole click table per search.
PER_ARM = """
    SELECT arm, sum(searches)::bigint AS searches, sum(zero_results)::bigint AS zero_results,
           sum(clicked_searches)::bigint AS clicked_searches, sum(clicks)::bigint AS clicks,
           sum(clicks_squared)::bigint AS clicks_squared
    FROM (SELECT arm, searches, zero_results, clicked_searches, clicks, clicks_squared
          FROM search_experimentday WHERE experiment = %(experiment)s AND day <= %(rolled_until)s
          UNION ALL
          SELECT arm, count(*), count(*) FILTER (WHERE results = 0), count(*) FILTER (WHERE clicks > 0),
                 coalesce(sum(clicks), 0), coalesce(sum(clicks * clicks), 0)
          FROM (SELECT e.search_id, e.arm, e.results, count(DISTINCT c.product_id) AS clicks
                FROM search_searchlogentry e
                LEFT JOIN search_searchclick c ON c.search_id = e.search_id AND c.created_at >= %(clicks_from)s
                WHERE e.experiment = %(experiment)s AND e."offset" = 0 AND e.created_at >= %(live_from)s
                GROUP BY e.search_id, e.arm, e.results) AS per_search
          GROUP BY arm) AS per_part
    GROUP BY arm
"""


@dataclass(frozen=True)
class ArmFigures:
    id: int
    name: str
    share: int
    searches: int
    zero_results: int
    clicked_searches: int
    clicks: int
    click_through: Estimate | None
    zero_rate: Estimate | None
    clicks_per_search: Estimate | None


@dataclass(frozen=True)
class Comparison:
    arm: str
    control: str
    metric: str  # one of METRICS
    difference: float | None  # the arm's value minus the control's
    p_value: float | None  # None: a side has too few searches to test
    significant: bool


@dataclass(frozen=True)
class ExperimentResults:
    experiment: Experiment
    arms: list[ArmFigures]
    comparisons: list[Comparison]
    alpha: float  # the level each comparison is held to (Bonferroni-split)


def _counts(experiment: Experiment) -> dict:
    """{arm: counts}; a click comes after its search, so clicks before the start are not read."""
    last_rolled = rolled_through()
    live_from = midnight(last_rolled + timedelta(days=1)) if last_rolled else None
    clicks_from = max(filter(None, (experiment.started_at, live_from)), default=None)
    with connection.cursor() as cursor:
        cursor.execute(PER_ARM, {"experiment": experiment.id, "rolled_until": last_rolled or date.min,
                                 "live_from": live_from or "-infinity", "clicks_from": clicks_from or "-infinity"})
        columns = [column.name for column in cursor.description]
        return {row[0]: dict(zip(columns, row)) for row in cursor.fetchall()}


def _figures(arm, row) -> ArmFigures:
    searches, clicks = row["searches"], row["clicks"]
    return ArmFigures(arm.id, arm.name, arm.share, searches, row["zero_results"], row["clicked_searches"], clicks,
                      wilson(row["clicked_searches"], searches), wilson(row["zero_results"], searches),
                      mean_interval(clicks, row["clicks_squared"], searches))


def _p_value(metric, arm, control, rows):
    if metric in RATES:
        count = "clicked_searches" if metric == "click_through" else "zero_results"
        return two_proportion_p(rows[arm.id][count], arm.searches, rows[control.id][count], control.searches)
    sides = [(rows[one.id]["clicks"], rows[one.id]["clicks_squared"], one.searches) for one in (arm, control)]
    return two_means_p(*sides)


def experiment_results(experiment: Experiment) -> ExperimentResults:
    """The figures of each arm (in the arms' order, the first being the control)."""
    empty = {"searches": 0, "zero_results": 0, "clicked_searches": 0, "clicks": 0, "clicks_squared": 0}
    counts = _counts(experiment)
    rows = {arm.id: counts.get(arm.id, empty) for arm in experiment.arms.all()}
    arms = [_figures(arm, rows[arm.id]) for arm in experiment.arms.all()]
    alpha = ALPHA / max(1, len(arms) - 1)
    comparisons = []
    for arm in arms[1:]:
        control = arms[0]
        for metric in METRICS:
            ours, theirs = getattr(arm, metric), getattr(control, metric)
            p_value = _p_value(metric, arm, control, rows)
            difference = ours.value - theirs.value if ours and theirs else None
            comparisons.append(Comparison(arm.name, control.name, metric, difference, p_value,
                                          p_value is not None and p_value < alpha))
    return ExperimentResults(experiment, arms, comparisons, alpha)
