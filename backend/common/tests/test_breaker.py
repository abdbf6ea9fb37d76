"""The circuit breaker on its own, with a clock the test moves."""
import pytest

from common.breaker import CLOSED, HALF_OPEN, OPEN, CircuitBreaker

pytestmark = pytest.mark.pure  # no backing service


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def make(threshold=3, reset=10.0):
    clock = Clock()
    return CircuitBreaker("test", failure_threshold=threshold, reset_seconds=reset, clock=clock), clock


def test_opens_after_consecutive_failures_only():
    guard, _ = make()
    guard.record_failure(), guard.record_failure()
    guard.record_success()  # a success in between starts the count again
    guard.record_failure(), guard.record_failure()
    assert guard.state == CLOSED and guard.allow()
    guard.record_failure()
    assert guard.state == OPEN and not guard.allow()


def test_half_open_lets_one_trial_through_then_closes_or_opens_again():
    guard, clock = make(threshold=1, reset=10)
    guard.record_failure()
    clock.now += 9.9
    assert not guard.allow()
    clock.now += 0.2
    assert guard.state == HALF_OPEN
    assert guard.allow() and not guard.allow()  # one trial at a time
    guard.record_failure()  # the trial failed: open for another reset period
    assert guard.state == OPEN and not guard.allow()
    clock.now += 10.1
    assert guard.allow()
    guard.record_success()
    assert guard.state == CLOSED and guard.allow() and guard.allow()


def test_a_failed_trial_reopens_even_below_the_threshold():
    guard, clock = make(threshold=5, reset=1)
    for _ in range(5):
        guard.record_failure()
    clock.now += 1.5
    assert guard.allow()
    guard.record_failure()
    assert guard.state == OPEN


def test_release_frees_a_half_open_trial_without_counting():
    guard, clock = make(threshold=1, reset=1)
    guard.record_failure()
    clock.now += 1.5
    assert guard.allow() and not guard.allow()
    guard.release()  # the trial ended without telling whether the service works
    assert guard.state == HALF_OPEN and guard.allow()
    guard.record_success()
    assert guard.state == CLOSED
