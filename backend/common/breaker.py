"""Circuit breakers, one per backing service: stop waiting on a service that hangs.

A service that refuses connections fails fast on its own; one that accepts and
never answers (a paused process, a long GC pause, a dropped network) costs every
request its full timeout, and a few such requests block every web worker. The
breaker counts consecutive failures; at `failure_threshold` it opens, and for
`reset_seconds` callers skip the service at once (their fallback answers).
Then one caller is let through (half-open): success closes the breaker, failure
opens it again; or a probe made in the background does, so no caller waits
for it (allow(probe=...)). A breaker given a `shared` identity keeps that state in a file
all of the host's processes map (common/breaker_state.py, BREAKER_STATE_DIR):
the gunicorn workers count failures together, open together, and send one probe.
"""
import logging
import threading
import time

from django.conf import settings

from common.breaker_state import CLOSED_STATE, LocalState, make_state

logger = logging.getLogger(__name__)

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half-open"
# A half-open trial that never reports back (its worker was killed) frees the probe after this.
TRIAL_LEASE_SECONDS = 30.0


class CircuitBreaker:
    def __init__(self, name: str, *, failure_threshold: int, reset_seconds: float, clock=time.monotonic,
                 state=None):
        self.name = name
        self.failure_threshold = max(1, failure_threshold)
        self.reset_seconds = reset_seconds
        self._clock = clock
        self._state_store = state or LocalState()
        self._made_for: tuple | None = None  # (directory, identity) the registry made it for

    @property
    def shared(self) -> bool:
        return self._state_store.shared

    @property
    def state(self) -> str:
        return self._state(self._state_store.read()[1])

    def _state(self, opened_at):
        now = self._clock()
        if not opened_at or opened_at > now:  # closed, or a shared file kept from before a reboot
            return CLOSED
        if now - opened_at < self.reset_seconds:
            return OPEN
        return HALF_OPEN

    def opened_since(self, moment: float) -> bool:
        """Whether the breaker opened (in any of the host's processes, when shared) after `moment`
        (time.monotonic()): a call still waiting then gives up (search/watched_node.py)."""
        return self._state_store.read()[1] > moment

    def allow(self, probe=None) -> bool:
        """Whether to call the service now. In half-open, only one caller at a time (of the
        host's processes, when shared) gets True; or, given a `probe`, none does: the trial is
        `probe()` in a thread of its own, and no shopper waits for a service that still hangs.
        `probe()` returns whether the service answered; raising says nothing about it."""
        if not self._state_store.read()[1]:  # closed: no lock, no system call
            return True
        with self._state_store.locked():
            failures, opened_at, trial_at = self._state_store.read()
            state, now = self._state(opened_at), self._clock()
            if state == CLOSED:
                return True
            if state == OPEN or (trial_at and 0 <= now - trial_at < TRIAL_LEASE_SECONDS):
                return False
            self._state_store.write((failures, opened_at, now))
        if probe is None:
            return True
        threading.Thread(target=self._probe, args=(probe,), name=f"{self.name} breaker probe", daemon=True).start()
        return False

    def _probe(self, probe):
        try:
            answered = probe()
        except Exception:
            logger.exception("breaker %s: the probe failed on our side", self.name)
            self.release()
            return
        if answered:
            self.record_success()
        else:
            self.record_failure()

    def record_success(self) -> None:
        if self._state_store.read() == CLOSED_STATE:
            return
        with self._state_store.locked():
            self._state_store.write(CLOSED_STATE)

    def record_failure(self) -> None:
        with self._state_store.locked():
            failures, opened_at, trial_at = self._state_store.read()
            failures += 1
            if trial_at or failures >= self.failure_threshold:
                opened_at = self._clock()
            self._state_store.write((failures, opened_at, 0.0))

    def release(self) -> None:
        """The call ended without telling whether the service works (our own request could not
        be built or sent): nothing is counted, and a half-open trial lets the next caller try."""
        with self._state_store.locked():
            failures, opened_at, _ = self._state_store.read()
            self._state_store.write((failures, opened_at, 0.0))

    def reset(self) -> None:
        with self._state_store.locked():
            self._state_store.write(CLOSED_STATE)


_breakers: dict[str, CircuitBreaker] = {}
_registry_lock = threading.Lock()


def breaker(name: str, *, failure_threshold: int, reset_seconds: float, shared: str | None = None) -> CircuitBreaker:
    """This process's breaker for `name` (created on first use with these settings). `shared`
    identifies the service (its address...): the state is then the host's, in BREAKER_STATE_DIR."""
    directory = settings.BREAKER_STATE_DIR if shared is not None else None
    with _registry_lock:
        found = _breakers.get(name)
        if found is None or found._made_for != (directory, shared):
            found = _breakers[name] = CircuitBreaker(
                name, failure_threshold=failure_threshold, reset_seconds=reset_seconds,
                state=make_state(directory, name, shared))
            found._made_for = (directory, shared)
        found.failure_threshold, found.reset_seconds = max(1, failure_threshold), reset_seconds
        return found


def reset_all() -> None:
    """Closes every breaker of this process, and the shared states they use (tests, and
    operators after a fix)."""
    with _registry_lock:
        for found in _breakers.values():
            found.reset()
