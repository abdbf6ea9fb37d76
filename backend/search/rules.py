"""Staff's synonyms, curations, rules and running A/B tests as each process sees them: cached,
never stale for long.

The tables are small and read on every search, so each process keeps a copy
per language. Every save or delete bumps one version row in PostgreSQL (in the
same transaction) and drops this process's copy at once; other processes read
the version at most every SEARCH_RULES_RECHECK_SECONDS and reload when it
moved. If PostgreSQL cannot be asked, the last copy keeps serving.
"""
import logging
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F

from search.experiment import RunningExperiment, running_experiments
from search.index_generation import bump_generation
from search.models import CuratedProduct, Rule, RulesVersion, Synonym
from search.text import fold, normalised, words

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CurationRule:
    pinned: tuple = ()          # product ids, in order
    hidden: frozenset = frozenset()


@dataclass
class Rules:
    version: int = -1
    synonyms: dict = field(default_factory=dict)   # language -> {folded word: (word, ...)}
    curations: dict = field(default_factory=dict)  # (language, normalised query) -> CurationRule
    rules: tuple = ()  # every search.models.Rule, read-only, highest priority first (search/rule_actions.py)
    experiments: tuple[RunningExperiment, ...] = ()  # running A/B tests (search/experiments.py)


_lock = threading.Lock()
_state = {"rules": Rules(), "checked_at": 0.0}


def synonym_words(text):
    return [word.lower() for word in words(text)]


def _synonym_table(rows):
    table = {}

    def add(language, word, others):
        key = fold(word)
        found = table.setdefault(language, {}).setdefault(key, [])
        for other in others:
            if fold(other) != key and other not in found:
                found.append(other)

    for row in rows:
        terms = synonym_words(row.terms)
        if row.kind == Synonym.ONE_WAY:
            for source in synonym_words(row.source):
                add(row.language, source, terms)
        else:
            for term in terms:
                add(row.language, term, terms)
    return {language: {key: tuple(value) for key, value in entries.items() if value}
            for language, entries in table.items()}


def _curation_table():
    pinned, hidden = {}, {}
    for item in CuratedProduct.objects.select_related("curation").order_by("position", "id"):
        key = (item.curation.language, item.curation.query)
        if item.action == CuratedProduct.PIN:
            pinned.setdefault(key, []).append(item.product_id)
        else:
            hidden.setdefault(key, set()).add(item.product_id)
    return {key: CurationRule(tuple(pinned.get(key, ())), frozenset(hidden.get(key, ())))
            for key in set(pinned) | set(hidden)}


def _current_version():
    row = RulesVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return row or 0


def _reload_if_moved():
    version = _current_version()
    if version != _state["rules"].version:
        rules = Rules(version, _synonym_table(Synonym.objects.all()), _curation_table(),
                      tuple(Rule.objects.order_by("-priority", "id")), running_experiments())
        with _lock:
            _state["rules"] = rules


def current_rules() -> Rules:
    """This process's copy, reloaded when another process (or this one) changed the rules."""
    now = time.monotonic()
    if now - _state["checked_at"] < settings.SEARCH_RULES_RECHECK_SECONDS:
        return _state["rules"]
    try:
        if connection.in_atomic_block:  # a failure inside a request's transaction must not end it
            with transaction.atomic():
                _reload_if_moved()
        else:  # one statement in autocommit: a transaction around it was two more round trips
            _reload_if_moved()
    except DatabaseError as error:  # keep serving the last copy; the search goes on
        logger.warning("search rules: could not reload (%s)", error)
    _state["checked_at"] = now
    return _state["rules"]


def forget_rules():
    """Drop this process's copy: the next search reloads."""
    _state["checked_at"] = 0.0
    _state["rules"] = Rules()


def bump_rules_version():
    """Called on every synonym, curation, rule or experiment change, in its transaction."""
    updated = RulesVersion.objects.filter(pk=1).update(version=F("version") + 1)
    if not updated:
        RulesVersion.objects.get_or_create(pk=1, defaults={"version": 1})
    forget_rules()
    # A search between now and the commit could cache the old rules under the old version.
    transaction.on_commit(forget_rules)
    # Cached answers of every process (search/selectors/answer_cache.py) were made with the old rules.
    transaction.on_commit(lambda: bump_generation("a rules change"))


def rules_version() -> int:
    """The version of staff's rules this process searches with (a key of cached answers)."""
    return current_rules().version


def synonyms_for(language):
    return current_rules().synonyms.get(language, {})


def curation_for(language, text):
    return current_rules().curations.get((language, normalised(text)))


def search_rules():
    """Staff's rules, whatever their schedule: search/rule_actions.py decides which act now."""
    return current_rules().rules


def running_experiments_now() -> tuple[RunningExperiment, ...]:
    """The running A/B tests; a stopped one is gone within SEARCH_RULES_RECHECK_SECONDS."""
    return current_rules().experiments
