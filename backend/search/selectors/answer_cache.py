"""Elasticsearch's answers to searches, cached for the head queries shoppers repeat.

What is kept is what Elasticsearch said: the page's ids, the total, the facet
counts, a correction and whether the words were relaxed (a SearchPage). Never
the shown price, stock or published state: the results' rows still come from
PostgreSQL's one statement (products.selectors.published_product_rows).

The key is everything the answer depends on: the index, the language, the text
(whitespace normalised), every filter, sort and page parameter after
understanding, curation and rules, and the scope the search names: the view,
the ranking's fingerprint (search/ranking.py) and staff's rules version. Each
entry is stored with the index generation it was read under
(search/index_generation.py) and is a hit only while that generation is
current; none is stored while a new generation settles. Products unpublished
a moment ago (selectors/unlisted.py) are left out by the search a miss makes;
their unlisting itself moves the generation on (search/indexing/outbox.py), so
a hit costs no PostgreSQL query of its own.

SEARCH_CACHE_STORE: "redis" shares entries between processes (one round trip
reads the generation and the entry together; a miss adds one to store it);
"process" keeps a bounded LRU of SEARCH_CACHE_SIZE entries in each process and
reads the generation at most every SEARCH_CACHE_GENERATION_SECONDS (a hit then
costs no round trip; search/index_generation.py). Redis down, or the
cache off: every search goes to Elasticsearch, as without it.
"""
import hashlib
import json
import logging
import pickle
import threading
import time
from collections import OrderedDict
from dataclasses import asdict, is_dataclass, replace
from decimal import Decimal

from django.conf import settings

from search.index_generation import KEY as GENERATION_KEY
from search.index_generation import (
    SETTLING_KEY, forget_seen_generation, redis_client, redis_guard, saw_generation, seen_generation,
)
from search.selectors.page import SearchPage

logger = logging.getLogger(__name__)

ENTRY_PREFIX = "search:answer:"
HIT, MISS, BYPASS = "hit", "miss", "bypass"


def _plain(value):
    """Sets sorted and dataclasses as dicts, so equal parameters give equal text in every process."""
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, Decimal):
        return str(value)
    return repr(value)


def answer_key(*, scope: tuple, language: str, params: dict) -> str:
    """The entry's key: a digest of everything the answer depends on (see the module's text)."""
    text = " ".join(str(params.get("q", "")).split())
    described = json.dumps([scope, language, text,
                            {name: value for name, value in params.items() if name != "q"}],
                           sort_keys=True, default=_plain, ensure_ascii=False)
    return ENTRY_PREFIX + hashlib.blake2b(described.encode(), digest_size=16).hexdigest()


class _Lru:
    def __init__(self):
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > max(1, settings.SEARCH_CACHE_SIZE):
                self._entries.popitem(last=False)

    def clear(self):
        with self._lock:
            self._entries.clear()


_process = _Lru()


def forget_process_answers():
    """Empties this process's store and forgets the generation it read (tests)."""
    _process.clear()
    forget_seen_generation()


def _read(key):
    """(generation, settling, (entry generation, expires at, page) or None): one round trip,
    or none for the process store while the generation read last is recent enough."""
    if settings.SEARCH_CACHE_STORE == "redis":
        current, settling, entry = redis_client().mget([GENERATION_KEY, SETTLING_KEY, key])
        return int(current or 0), settling is not None, pickle.loads(entry) if isinstance(entry, bytes) else None
    seen = seen_generation()
    if seen is None:
        current, settling = redis_client().mget([GENERATION_KEY, SETTLING_KEY])
        seen = (int(current or 0), settling is not None)
        saw_generation(*seen)
    return (*seen, _process.get(key))


def _store(key, generation, page):
    seconds = settings.SEARCH_CACHE_SECONDS
    entry = (generation, time.monotonic() + seconds, page)
    if settings.SEARCH_CACHE_STORE == "redis":
        redis_client().set(key, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL), ex=max(1, int(seconds)))
    else:
        _process.put(key, entry)


def cached_answer(key: str, search) -> SearchPage:
    """The cached answer for `key` if its generation is current, else `search()` (stored
    unless the generation is settling). Redis failing: `search()`, uncached."""
    if not settings.SEARCH_CACHE_ENABLED:
        return search()
    guard = redis_guard()
    if not guard.allow():
        return search()
    try:
        generation, settling, entry = _read(key)
    except Exception as error:  # Redis down or hung: search as if there were no cache
        guard.record_failure()
        logger.warning("search cache: bypassed, Redis failed (%s)", error)
        return search()
    guard.record_success()
    if entry is not None:
        entry_generation, expires_at, page = entry
        if entry_generation == generation and (settings.SEARCH_CACHE_STORE == "redis" or expires_at > time.monotonic()):
            return replace(page, cache=HIT)
    page = search()
    if settling:
        return replace(page, cache=BYPASS)
    try:
        _store(key, generation, replace(page, cache=""))
    except Exception as error:  # the answer stands; only keeping it failed
        guard.record_failure()
        logger.warning("search cache: could not store an answer (%s)", error)
    return replace(page, cache=MISS)
