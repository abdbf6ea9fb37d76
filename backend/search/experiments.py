"""Which ranking a search runs with: the default, or the arm of the running A/B test its
shopper is assigned to (search/experiment.py).

The arm is a stable hash of the experiment's id and the hashed shopper (search/shoppers.py:
the X-Shopper-Id header, else the storefront's first-party cookie): the same shopper gets
the same arm on every search, in every process, with nothing stored, and two experiments
split shoppers independently of each other. A search with neither header nor cookie has no
stable shopper: it gets the default and is not counted in the experiment. Only this
process's cached copy is read (search/rules.py), never the database per search; a stopped
experiment is gone within SEARCH_RULES_RECHECK_SECONDS.
"""
import hashlib
import logging

from search.experiment import RunningArm, RunningExperiment
from search.ranking import Ranking, default_ranking
from search.rules import running_experiments_now
from search.shoppers import identified_shopper

logger = logging.getLogger(__name__)
BUCKETS = 10_000  # a share is in whole percent: 100 buckets each


def bucket(experiment_id: int, shopper: str) -> int:
    """0 … BUCKETS - 1, uniform over shoppers, the same for a shopper every time."""
    digest = hashlib.sha256(f"experiment:{experiment_id}:{shopper}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % BUCKETS


def arm_for(experiment: RunningExperiment, shopper: str) -> RunningArm | None:
    """The arm whose slice of the buckets holds the shopper's (None beyond the shares' sum,
    which the admin refuses to leave short of 100)."""
    point, edge = bucket(experiment.id, shopper), 0
    for arm in experiment.arms:
        edge += arm.share * BUCKETS // 100
        if point < edge:
            return arm
    return None


def experiment_for(language: str, experiments) -> RunningExperiment | None:
    """The running experiment for the language (one for it before one for every language)."""
    return next((found for found in experiments if found.language in ("", language)), None)


def assigned_ranking(shopper: str | None, language: str, experiments) -> Ranking:
    if not shopper:
        return default_ranking()
    experiment = experiment_for(language, experiments)
    arm = arm_for(experiment, shopper) if experiment else None
    return arm.ranking if arm else default_ranking()


def ranking_for(request, language: str) -> Ranking:
    """The ranking of this request's search; a search never fails because of an experiment."""
    try:
        return assigned_ranking(identified_shopper(request), language, running_experiments_now())
    except Exception:
        logger.exception("A/B test: no arm assigned; searching with the default ranking")
        return default_ranking()
