"""A value kept per process for a while: for what every request reads and rarely changes.

Each web process reads it once, keeps it at most `seconds`, and a signal
receiver drops it at once in the process that changed the data; the other
processes see the change when their copy expires. A plain dict, not Django's
local-memory cache: that one pickles, and unpickling on every request cost
more than the reads it saved.
"""
import time
import weakref
from typing import Any, Hashable

_every_cache: "weakref.WeakSet[TimedCache]" = weakref.WeakSet()


class TimedCache:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self._values: dict[Hashable, tuple[float, Any]] = {}  # key -> (read at, value)
        _every_cache.add(self)

    def get(self, key, load):
        """The value for `key`, from `load()` when missing or older than `seconds`."""
        now = time.monotonic()
        kept = self._values.get(key)
        if kept is None or now - kept[0] > self.seconds:
            kept = self._values[key] = (now, load())
        return kept[1]

    def forget(self, *keys):
        """Drops `keys`, or every key when none are given."""
        for key in keys or list(self._values):
            self._values.pop(key, None)


def forget_every_cache():
    """Drops every process cache: for tests, whose data vanish without the signals that
    would drop them (a flushed database leaves one test's names in the next one's cache)."""
    for cache in list(_every_cache):
        cache.forget()
