"""Which arm a shopper is in: stable, independent per experiment, in the arms' shares; no
shopper id, no experiment."""
import pytest
from rest_framework.test import APIRequestFactory

from search.experiment import RunningArm, RunningExperiment
from search.experiments import arm_for, assigned_ranking
from search.ranking import Ranking, default_ranking
from search.shoppers import identified_shopper, shopper_hash

pytestmark = pytest.mark.pure  # no backing service


def experiment(experiment_id=7, shares=(50, 50), language=""):
    return RunningExperiment(experiment_id, language, tuple(
        RunningArm(100 + n, share, Ranking(name=f"arm{n}", popularity_weight=float(n), experiment=experiment_id,
                                           arm=100 + n))
        for n, share in enumerate(shares)))


def shoppers(count):
    return [f"{n:032x}" for n in range(count)]


def test_the_same_shopper_gets_the_same_arm_every_time():
    test = experiment()
    for shopper in shoppers(200):
        first = assigned_ranking(shopper, "cs", [test])
        assert first.experiment == 7 and first.arm in (100, 101)
        assert all(assigned_ranking(shopper, "cs", [test]) == first for _ in range(3))


@pytest.mark.parametrize("shares", [(50, 50), (90, 10), (20, 30, 50)])
def test_shares_are_respected_over_many_shoppers(shares):
    test, count = experiment(shares=shares), 20_000
    seen = [0] * len(shares)
    for shopper in shoppers(count):
        seen[arm_for(test, shopper).id - 100] += 1
    for found, share in zip(seen, shares):
        # 4 standard deviations of a binomial count: a wrong split fails, chance never does
        tolerance = 4 * (count * share / 100 * (1 - share / 100)) ** 0.5
        assert abs(found - count * share / 100) < tolerance, (seen, shares)


def test_two_experiments_split_shoppers_independently():
    one, other = experiment(1), experiment(2)
    pairs = [(arm_for(one, shopper).id, arm_for(other, shopper).id) for shopper in shoppers(4000)]
    same = sum(a == b for a, b in pairs)
    assert 1700 < same < 2300  # independent halves agree half the time, not always


def test_no_shopper_id_or_no_experiment_for_the_language_is_the_default():
    assert assigned_ranking(None, "cs", [experiment()]) == default_ranking()
    assert assigned_ranking("", "cs", [experiment()]) == default_ranking()
    assert assigned_ranking("abc", "cs", [experiment(language="en")]) == default_ranking()
    assert assigned_ranking("abc", "en", [experiment(language="en")]).experiment == 7


def test_an_experiment_for_the_language_comes_before_one_for_every_language():
    chosen = assigned_ranking("abc", "cs", [experiment(3, language="cs"), experiment(4)])
    assert chosen.experiment == 3


def test_the_shopper_is_the_header_else_the_cookie_never_the_address():
    factory = APIRequestFactory()
    header = factory.get("/", HTTP_X_SHOPPER_ID="one", REMOTE_ADDR="192.0.2.7")
    factory.cookies["shopper"] = "one"
    cookie = factory.get("/", REMOTE_ADDR="192.0.2.8")
    factory.cookies.clear()
    nothing = factory.get("/", REMOTE_ADDR="192.0.2.7")
    assert identified_shopper(header) == identified_shopper(cookie) == shopper_hash(header)
    assert "one" not in identified_shopper(header)
    assert identified_shopper(nothing) is None and shopper_hash(nothing)  # counted for suggest, not for A/B


def test_the_arm_does_not_change_the_cache_fingerprint_only_its_knobs_do():
    arm = experiment().arms[0].ranking
    assert arm.fingerprint() == Ranking(popularity_weight=arm.popularity_weight).fingerprint()
    assert experiment().arms[1].ranking.fingerprint() != arm.fingerprint()
