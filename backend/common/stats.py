"""Confidence intervals and significance tests for the figures staff compare (A/B tests of
rankings, search/selectors/experiments.py), in plain Python: no statistics library for four
formulas.

Rates (click-through, zero results) get the Wilson score interval: unlike the normal
approximation it stays inside 0…1 and is honest for small counts and rates near 0 or 1.
A mean of counts (clicks per search) gets the normal interval from its sample variance,
sound for the hundreds of searches an experiment needs anyway. Two rates are compared by
the pooled two-proportion z-test, two means by Welch's z-test (unequal variances); both
two-sided.
"""
import math
from dataclasses import dataclass

Z95 = 1.959963984540054  # the standard normal's 97.5th percentile: a 95 % two-sided interval


@dataclass(frozen=True)
class Estimate:
    value: float
    low: float
    high: float


def wilson(successes: int, trials: int, z: float = Z95) -> Estimate | None:
    """The rate successes / trials with its Wilson score interval; None without trials."""
    if trials <= 0:
        return None
    rate = successes / trials
    spread = z * z / trials
    centre = (rate + spread / 2) / (1 + spread)
    half = z * math.sqrt(rate * (1 - rate) / trials + spread / (4 * trials)) / (1 + spread)
    return Estimate(rate, max(0.0, centre - half), min(1.0, centre + half))


def _variance(total: float, squares: float, count: int) -> float:
    """The sample variance (n - 1) from the sum and the sum of squares."""
    if count < 2:
        return 0.0
    return max(0.0, (squares - total * total / count) / (count - 1))


def mean_interval(total: float, squares: float, count: int, z: float = Z95) -> Estimate | None:
    """The mean of `count` values given their sum and sum of squares, with its normal interval."""
    if count <= 0:
        return None
    mean = total / count
    half = z * math.sqrt(_variance(total, squares, count) / count)
    return Estimate(mean, mean - half, mean + half)


def two_sided_p(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))


def two_proportion_p(successes_a: int, trials_a: int, successes_b: int, trials_b: int) -> float | None:
    """The pooled two-proportion z-test's two-sided p-value; None without trials on a side.
    Equal rates of 0 or 1 on both sides: no evidence of a difference (p = 1)."""
    if trials_a <= 0 or trials_b <= 0:
        return None
    pooled = (successes_a + successes_b) / (trials_a + trials_b)
    error = math.sqrt(pooled * (1 - pooled) * (1 / trials_a + 1 / trials_b))
    if error == 0:
        return 1.0
    return two_sided_p((successes_a / trials_a - successes_b / trials_b) / error)


def two_means_p(a: tuple[float, float, int], b: tuple[float, float, int]) -> float | None:
    """Welch's z-test on two means, each given as (sum, sum of squares, count)."""
    (total_a, squares_a, count_a), (total_b, squares_b, count_b) = a, b
    if count_a < 2 or count_b < 2:
        return None
    error = math.sqrt(_variance(total_a, squares_a, count_a) / count_a
                      + _variance(total_b, squares_b, count_b) / count_b)
    difference = total_a / count_a - total_b / count_b
    if error == 0:
        return 1.0 if difference == 0 else 0.0
    return two_sided_p(difference / error)
