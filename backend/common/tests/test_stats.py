"""Intervals and tests against values worked out by hand (and published tables)."""
import math

import pytest

from common.stats import mean_interval, two_means_p, two_proportion_p, wilson

pytestmark = pytest.mark.pure


def test_wilson_interval_matches_the_published_values():
    ten = wilson(10, 100)
    assert ten.value == 0.1 and (round(ten.low, 4), round(ten.high, 4)) == (0.0552, 0.1744)
    four = wilson(4, 10)
    assert (round(four.low, 3), round(four.high, 3)) == (0.168, 0.687)


def test_wilson_stays_inside_zero_and_one_and_needs_trials():
    none, every = wilson(0, 20), wilson(20, 20)
    assert none.low == 0.0 and 0 < none.high < 0.2
    assert every.high == 1.0 and 0.8 < every.low < 1.0
    assert wilson(0, 0) is None


def test_mean_interval_uses_the_sample_variance():
    values = [0, 1, 2, 3]
    found = mean_interval(sum(values), sum(v * v for v in values), len(values))
    half = 1.959963984540054 * math.sqrt(5 / 3) / 2  # sample variance 5/3, n = 4
    assert found.value == 1.5 and math.isclose(found.low, 1.5 - half) and math.isclose(found.high, 1.5 + half)
    assert mean_interval(0, 0, 0) is None


def test_two_proportion_z_test():
    # pooled rate 0.15: z = 0.1 / sqrt(0.15 * 0.85 * 0.02) = 1.980, two-sided p = 0.0477
    assert round(two_proportion_p(20, 100, 10, 100), 4) == 0.0477
    assert two_proportion_p(20, 100, 20, 100) == 1.0
    assert two_proportion_p(0, 50, 0, 50) == 1.0  # no variance, no difference
    assert two_proportion_p(1, 0, 1, 10) is None


def test_welch_z_test_on_two_means():
    a = [1, 2, 3, 4, 5] * 20  # mean 3, sample variance 2.02
    b = [0, 1, 2, 3, 4] * 20  # mean 2, same variance
    side = lambda values: (sum(values), sum(v * v for v in values), len(values))  # noqa: E731
    z = 1 / math.sqrt(2 * (200 / 99) / 100)
    assert math.isclose(two_means_p(side(a), side(b)), math.erfc(z / math.sqrt(2)))
    assert two_means_p(side(a), side(a)) == 1.0
    assert two_means_p(side([1]), side(b)) is None
