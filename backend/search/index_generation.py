"""The index generation: one Redis counter that moves whenever what a search finds may change.

Every sync batch (search/indexing/sync.py), index rebuild (rebuild.py) and
staff's rule, synonym or curation change (search/rules.py) bumps it, and the
cache of Elasticsearch answers (search/selectors/answer_cache.py) keys on it,
so no cached answer outlives the index it was read from. A bump also marks the
generation as settling for SETTLE_MS (a Redis key that expires): an applied
change is searchable only after the index's next refresh (1 s), and an answer
read before it must not be kept under the new generation. Redis keeps the
time, so hosts' clocks never matter.

Redis down: a bump is logged and skipped (cached answers then live at most
SEARCH_CACHE_SECONDS), and readers bypass the cache.
"""
import logging

from django.conf import settings
from redis import Redis

from common.breaker import breaker

logger = logging.getLogger(__name__)

KEY = "search:generation"
SETTLING_KEY = "search:generation:settling"
SETTLE_MS = 2000  # the index's refresh interval (1 s), and a margin

_clients: dict[str, Redis] = {}


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


def bump_generation(why: str) -> bool:
    """Moves the generation on (every cached answer is then stale) and marks it settling.
    Never raises: returns False when Redis could not be told."""
    if not settings.SEARCH_CACHE_ENABLED:
        return False
    try:
        with redis_client().pipeline(transaction=True) as pipe:
            pipe.incr(KEY)
            pipe.set(SETTLING_KEY, 1, px=SETTLE_MS)
            pipe.execute()
    except Exception as error:  # Redis down: answers expire on their own (SEARCH_CACHE_SECONDS)
        logger.warning("search cache: could not bump the index generation after %s (%s)", why, error)
        return False
    return True
