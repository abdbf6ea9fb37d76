"""The index generation: one Redis counter that moves whenever what a search finds may change.

Every sync batch (search/indexing/sync.py), index rebuild (rebuild.py) and
staff's rule, synonym or curation change (search/rules.py) bumps it, and the
cache of Elasticsearch answers (search/selectors/answer_cache.py) keys on it,
so no cached answer outlives the index it was read from. A bump also marks the
generation as settling for SETTLE_MS (a Redis key that expires): an applied
change is searchable only after the index's next refresh (1 s), and an answer
read before it must not be kept under the new generation. Redis keeps the
time, so hosts' clocks never matter.

With the process store, each process reads the generation at most every
SEARCH_CACHE_GENERATION_SECONDS (the process that bumped it at once), so a
hit costs no round trip at all; another process sees a bump that much later.

Redis down: a bump is logged and skipped (cached answers then live at most
SEARCH_CACHE_SECONDS), and readers bypass the cache.
"""
import logging
import time

from django.conf import settings
from redis import Redis

from common.breaker import breaker

logger = logging.getLogger(__name__)

KEY = "search:generation"
SETTLING_KEY = "search:generation:settling"
SETTLE_MS = 2000  # the index's refresh interval (1 s), and a margin

_clients: dict[str, Redis] = {}
# The generation as this process last read it (process store only): (generation, settling, read at).
_seen: dict[str, tuple[int, bool, float]] = {}


def redis_client() -> Redis:
    """This process's client for the cache's Redis (short timeouts: a hung Redis costs little)."""
    url = settings.REDIS_URL
    if url not in _clients:
        timeout = settings.SEARCH_CACHE_REDIS_TIMEOUT
        _clients[url] = Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
    return _clients[url]


def redis_guard():
    """The breaker for the cache's Redis: after a failure it is skipped for a while."""
    return breaker("search cache", failure_threshold=1, reset_seconds=settings.REDIS_BREAKER_RESET_SECONDS)


def seen_generation() -> tuple[int, bool] | None:
    """The generation read less than SEARCH_CACHE_GENERATION_SECONDS ago by this process, if any."""
    seen = _seen.get(settings.REDIS_URL)
    if seen is None or time.monotonic() - seen[2] >= settings.SEARCH_CACHE_GENERATION_SECONDS:
        return None
    return seen[0], seen[1]


def saw_generation(generation: int, settling: bool) -> None:
    _seen[settings.REDIS_URL] = (generation, settling, time.monotonic())


def forget_seen_generation() -> None:
    """The next search reads the generation again (after a bump here; tests)."""
    _seen.clear()


def bump_generation(why: str) -> bool:
    """Moves the generation on (every cached answer is then stale) and marks it settling.
    Never raises: returns False when Redis could not be told."""
    if not settings.SEARCH_CACHE_ENABLED:
        return False
    forget_seen_generation()  # this process sees its own change at once
    try:
        with redis_client().pipeline(transaction=True) as pipe:
            pipe.incr(KEY)
            pipe.set(SETTLING_KEY, 1, px=SETTLE_MS)
            pipe.execute()
    except Exception as error:  # Redis down: answers expire on their own (SEARCH_CACHE_SECONDS)
        logger.warning("search cache: could not bump the index generation after %s (%s)", why, error)
        return False
    return True
