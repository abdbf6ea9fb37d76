"""The circuit breaker on its own, with a clock the test moves; its state in one process, or
shared by several through a file."""
import multiprocessing
import threading

import pytest

from common.breaker import CLOSED, HALF_OPEN, OPEN, TRIAL_LEASE_SECONDS, CircuitBreaker
from common.breaker_state import make_state

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


def test_opened_since_tells_a_waiting_call_whether_the_breaker_opened_after_it_started():
    guard, clock = make(threshold=1)
    started = clock.now
    assert not guard.opened_since(started)
    clock.now += 0.3
    guard.record_failure()
    assert guard.opened_since(started)
    assert not guard.opened_since(clock.now)  # a call made after it opened (the background probe) waits on


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


def shared_pair(tmp_path, threshold=3, reset=10.0):
    """Two breakers as two workers of one host hold them: one state file, one clock."""
    clock = Clock()
    return [CircuitBreaker("test", failure_threshold=threshold, reset_seconds=reset, clock=clock,
                           state=make_state(str(tmp_path), "test", "http://es:9200")) for _ in range(2)], clock


def test_shared_failures_open_the_breaker_for_every_process_at_once(tmp_path):
    (first, second), _ = shared_pair(tmp_path)
    assert first.shared and second.shared
    first.record_failure(), second.record_failure()
    assert first.allow() and second.allow()
    second.record_failure()  # the third failure in a row of the host, not of either worker
    assert first.state == second.state == OPEN
    assert not first.allow() and not second.allow()


def test_one_probe_for_the_whole_host_in_half_open(tmp_path):
    (first, second), clock = shared_pair(tmp_path, threshold=1, reset=10)
    first.record_failure()
    clock.now += 10.1
    assert first.allow()  # the probe
    assert not second.allow() and not first.allow()  # no other caller of the host while it runs
    first.record_failure()  # it failed: open again for every worker
    assert second.state == OPEN
    clock.now += 10.1
    assert second.allow()
    second.record_success()
    assert first.state == CLOSED and first.allow()


def test_a_probe_that_never_reports_frees_the_trial_after_its_lease(tmp_path):
    (first, second), clock = shared_pair(tmp_path, threshold=1, reset=1)
    first.record_failure()
    clock.now += 1.5
    assert first.allow()  # and its worker is killed before it reports
    clock.now += TRIAL_LEASE_SECONDS - 1
    assert not second.allow()
    clock.now += 1.5
    assert second.allow()


def test_a_state_file_from_before_a_reboot_reads_closed(tmp_path):
    (first, _), clock = shared_pair(tmp_path, threshold=1)
    first.record_failure()
    clock.now = 5.0  # the monotonic clock starts again after a reboot; a file in /tmp may not
    assert first.state == CLOSED and first.allow()
    first.record_success()
    assert make_state(str(tmp_path), "test", "http://es:9200").read() == (0, 0.0, 0.0)


def test_without_a_writable_directory_the_state_stays_in_the_process(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    state = make_state(str(blocker / "breakers"), "test", "http://es:9200")
    guard = CircuitBreaker("test", failure_threshold=1, reset_seconds=10, state=state)
    assert not guard.shared
    guard.record_failure()
    assert guard.state == OPEN


def _fail_once(directory):
    guard = CircuitBreaker("test", failure_threshold=2, reset_seconds=60,
                           state=make_state(directory, "test", "http://es:9200"))
    guard.record_failure()


def test_processes_share_the_state_through_the_file(tmp_path):
    """Real processes (forked, as gunicorn makes its workers) each count one failure."""
    context = multiprocessing.get_context("fork")
    for _ in range(2):
        worker = context.Process(target=_fail_once, args=(str(tmp_path),))
        worker.start()
        worker.join(timeout=30)
        assert worker.exitcode == 0
    here = CircuitBreaker("test", failure_threshold=2, reset_seconds=60,
                          state=make_state(str(tmp_path), "test", "http://es:9200"))
    assert here.state == OPEN and not here.allow()
    here.reset()
    assert make_state(str(tmp_path), "test", "http://es:9200").read() == (0, 0.0, 0.0)


def _probed(guard, answered):
    """allow() with a probe returning `answered` (or raising it); the probe's thread waited for."""
    ran = threading.Event()

    def probe():
        ran.set()
        if isinstance(answered, Exception):
            raise answered
        return answered

    allowed = guard.allow(probe=probe)
    assert ran.wait(5)
    for thread in threading.enumerate():
        if thread.name == "test breaker probe":
            thread.join(5)
    return allowed


def test_a_probe_makes_the_trial_in_the_background_and_no_caller_waits_for_it():
    guard, clock = make(threshold=1, reset=10)
    guard.record_failure()
    clock.now += 10.1
    assert not _probed(guard, False)  # the caller uses its fallback; the probe found it still down
    assert guard.state == OPEN
    clock.now += 10.1
    assert not _probed(guard, RuntimeError("a bug of ours"))  # says nothing: the next caller may try
    assert guard.state == HALF_OPEN
    assert not _probed(guard, True)
    assert guard.state == CLOSED and guard.allow(probe=lambda: pytest.fail("closed: no probe"))
