"""Circuit breakers, one per backing service and process: stop waiting on a service that hangs.

A service that refuses connections fails fast on its own; one that accepts and
never answers (a paused process, a long GC pause, a dropped network) costs every
request its full timeout, and a few such requests block every web worker. The
breaker counts consecutive failures; at `failure_threshold` it opens, and for
`reset_seconds` callers skip the service at once (their fallback answers).
Then one caller is let through (half-open): success closes the breaker, failure
opens it again.
"""
import threading
import time

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half-open"


class CircuitBreaker:
    def __init__(self, name: str, *, failure_threshold: int, reset_seconds: float, clock=time.monotonic):
        self.name = name
        self.failure_threshold = max(1, failure_threshold)
        self.reset_seconds = reset_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at = None
        self._trial_running = False

    @property
    def state(self) -> str:
        with self._lock:
            return self._state()

    def _state(self):
        if self._opened_at is None:
            return CLOSED
        if self._clock() - self._opened_at < self.reset_seconds:
            return OPEN
        return HALF_OPEN

    def allow(self) -> bool:
        """Whether to call the service now. In half-open, only one caller at a time gets True."""
        with self._lock:
            state = self._state()
            if state == CLOSED:
                return True
            if state == HALF_OPEN and not self._trial_running:
                self._trial_running = True
                return True
            return False

    def record_success(self) -> None:
        with self._lock:
            self._failures, self._opened_at, self._trial_running = 0, None, False

    def record_failure(self) -> None:
        with self._lock:
            self._failures += 1
            if self._trial_running or self._failures >= self.failure_threshold:
                self._opened_at = self._clock()
            self._trial_running = False

    def release(self) -> None:
        """The call ended without telling whether the service works (our own request could not
        be built or sent): nothing is counted, and a half-open trial lets the next caller try."""
        with self._lock:
            self._trial_running = False

    def reset(self) -> None:
        self.record_success()


_breakers: dict[str, CircuitBreaker] = {}
_registry_lock = threading.Lock()


def breaker(name: str, *, failure_threshold: int, reset_seconds: float) -> CircuitBreaker:
    """This process's breaker for `name` (created on first use with these settings)."""
    with _registry_lock:
        if name not in _breakers:
            _breakers[name] = CircuitBreaker(name, failure_threshold=failure_threshold, reset_seconds=reset_seconds)
        found = _breakers[name]
        found.failure_threshold, found.reset_seconds = max(1, failure_threshold), reset_seconds
        return found


def reset_all() -> None:
    """Closes every breaker of this process (tests, and operators after a fix)."""
    with _registry_lock:
        for found in _breakers.values():
            found.reset()
