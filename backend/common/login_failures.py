"""Failed logins per username, and the addresses they came from.

A stranger must not be able to lock a staff member out, yet guessing must stay
slow. So only failures count per username (LOGIN_THROTTLE_RATE_PER_USERNAME,
from any address, names compared case-insensitively), and once a username has
that many in the window it is refused only from the addresses that failed for
it: an address that has not failed gets its try (one wrong guess and it is
refused too), and an address the user logged in from before
(LOGIN_KNOWN_ADDRESS_DAYS) always does. An attacker keeps the limit's guesses
per window plus one per fresh address; the per-address attempt limit
(common/logins.py) caps every address, a known one included.

State lives in the `throttle` cache (PostgreSQL, shared by every web process).
Two requests at the same instant can each read the same count (the cache has no
atomic update); that lets one extra guess through, never locks anyone out.
"""
import hashlib
import time

from django.conf import settings
from django.core.cache import caches

from common.throttles import throttle_rate

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _rate() -> tuple[int, int]:
    """LOGIN_THROTTLE_RATE_PER_USERNAME in DRF's syntax ("10/hour"): (failures, seconds)."""
    count, period = str(throttle_rate("login_username")).split("/")
    return int(count), PERIODS[period.strip()[0]]


class LoginFailures:
    """One username as tried from one client address."""

    def __init__(self, username: str, address: str):
        self.cache = caches["throttle"]
        self.limit, self.window = _rate()
        user = _digest(str(username).strip().casefold())
        pair = _digest(user, address)
        self.failures_key = f"login:failures:{user}"
        self.failed_here_key = f"login:failed:{pair}"
        self.known_key = f"login:known:{pair}"

    def _failures(self, now: float) -> list[float]:
        """Times of the username's failures inside the window, newest first (at most `limit`)."""
        return [t for t in self.cache.get(self.failures_key, []) if t > now - self.window]

    def refusal_wait(self) -> float | None:
        """Seconds until this address may try this username again; None: it may now."""
        if self.cache.get(self.known_key):
            return None
        last_failed_here = self.cache.get(self.failed_here_key)
        if last_failed_here is None:
            return None
        now = time.time()
        failures = self._failures(now)
        if len(failures) < self.limit:
            return None
        # Allowed again when this address's failure leaves the window, or when enough
        # of the username's failures do that fewer than `limit` remain.
        return max(1.0, min(last_failed_here, failures[self.limit - 1]) + self.window - now)

    def record_failure(self) -> None:
        now = time.time()
        failures = [now, *self._failures(now)][: self.limit]
        self.cache.set(self.failures_key, failures, self.window)
        self.cache.set(self.failed_here_key, now, self.window)

    def record_success(self) -> None:
        """The address becomes known for the username: a later lockout does not apply to it."""
        self.cache.set(self.known_key, True, settings.LOGIN_KNOWN_ADDRESS_DAYS * 86400)
        self.cache.delete(self.failed_here_key)
