"""Which of staff's rules act on one search, and what they ask for.

A rule acts when it is within its schedule (checked at every search, so a rule
starts and stops on time without any reload), in the search's language or in
every language, and its condition holds for the text as typed: any query, the
exact normalised query, or a query with a word sharing a lemma with the rule's
word. Boosts and buries act on relevance order only; banners in priority order;
one redirect, the highest priority's. A rule that cannot be applied (its
category was deleted, its redirect's host is no longer allowed) is logged
(once per version of the rule) and skipped: a search never fails because of a
rule.
"""
import functools
import logging
from dataclasses import dataclass

from django.utils import timezone

from search.lexicon import query_lemmas
from search.models import Rule
from search.rule_links import link_error
from search.text import fold, normalised, words

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Boost:
    """Multiply the relevance of the products in a group by `factor` (< 1: bury)."""

    rule_id: int
    target: str
    factor: float
    category_id: int | None = None
    attribute_value_id: int | None = None
    price_min: float | None = None
    price_max: float | None = None
    in_stock: bool | None = None


@dataclass(frozen=True)
class RuleActions:
    boosts: tuple = ()
    banners: tuple = ()  # {"id", "text", "link", "image"}
    redirect: str | None = None
    acted: tuple = ()  # ids of the rules that acted, in priority order


NONE = RuleActions()


class _Query:
    """The text as typed, read only as far as some rule's condition needs."""

    def __init__(self, text, language):
        self.text, self.language = text, language
        self._normalised = self._keys = None

    @property
    def normalised(self):
        if self._normalised is None:
            self._normalised = normalised(self.text)
        return self._normalised

    def word_keys(self):
        if self._keys is None:
            self._keys = set()
            for word in words(self.text):
                self._keys |= _keys(word, self.language)
        return self._keys


@functools.lru_cache(maxsize=4096)
def _keys(word, language):
    """A word and its lemmas, folded: two words share a key when they share a lemma."""
    word = word.lower()
    return frozenset({fold(word)} | {fold(lemma.lower()) for lemma in query_lemmas(word, language)})


def _holds(rule, query):
    if rule.condition == Rule.ANY:
        return True
    if rule.condition == Rule.EXACT:
        return query.normalised == rule.condition_text
    return bool(_keys(rule.condition_text, query.language) & query.word_keys())


def _is_on(rule, language, now):
    return ((not rule.language or rule.language == language)
            and (rule.active_from is None or rule.active_from <= now)
            and (rule.active_until is None or now < rule.active_until))


def _boost(rule):
    targets = {Rule.CATEGORY: rule.category_id, Rule.ATTRIBUTE: rule.attribute_value_id,
               Rule.STOCK: rule.in_stock, Rule.PRICE: (rule.price_min, rule.price_max)}
    if targets.get(rule.target) in (None, (None, None)):
        raise ValueError(f"its {rule.target or 'target'} is missing (deleted?)")
    strength = max(1, min(int(rule.strength), 10))
    factor = 1.0 + strength if rule.action == Rule.BOOST else 1.0 / (1.0 + strength)
    price = [None if bound is None else float(bound) for bound in (rule.price_min, rule.price_max)]
    return Boost(rule.id, rule.target, factor, category_id=rule.category_id if rule.target == Rule.CATEGORY else None,
                 attribute_value_id=rule.attribute_value_id if rule.target == Rule.ATTRIBUTE else None,
                 price_min=price[0] if rule.target == Rule.PRICE else None,
                 price_max=price[1] if rule.target == Rule.PRICE else None,
                 in_stock=rule.in_stock if rule.target == Rule.STOCK else None)


def _check_link(link, required, external=True):
    """Checked again as applied: SEARCH_REDIRECT_HOSTS may have lost the host since the save."""
    problem = link_error(link or "", required=required, external=external)
    if problem:
        raise ValueError(problem)


_reported = set()


def _report(rule):
    """Logged with its traceback once per version of the rule, not on every search."""
    key = (getattr(rule, "id", None), getattr(rule, "updated_at", None))
    if key in _reported:
        logger.debug("search rule %s skipped again", key[0])
        return
    _reported.add(key)
    logger.exception("search rule %s could not be applied; skipped", key[0])


def rule_actions(rules, language, text, sort, skip=frozenset(), now=None) -> RuleActions:
    """What `rules` (highest priority first) do to a search for `text`; `skip`: rule ids
    left out (the staff preview)."""
    now = now or timezone.now()
    query = _Query(text, language)
    boosts, banners, redirect, acted = [], [], None, []
    for rule in rules:
        if rule.id in skip:
            continue
        try:
            if not _is_on(rule, language, now) or not _holds(rule, query):
                continue
            if rule.action in (Rule.BOOST, Rule.BURY):
                if sort != "relevance":
                    continue  # an explicit order stays exact
                boosts.append(_boost(rule))
            elif rule.action == Rule.BANNER:
                if not rule.banner_text.strip():
                    raise ValueError("its banner has no text")
                _check_link(rule.banner_link, required=False)
                _check_link(rule.banner_image, required=False, external=False)
                banners.append({"id": rule.id, "text": rule.banner_text, "link": rule.banner_link or None,
                                "image": rule.banner_image or None})
            elif rule.action == Rule.REDIRECT:
                if redirect is not None:
                    continue  # a higher priority's redirect won
                _check_link(rule.redirect_to, required=True)
                redirect = rule.redirect_to
            else:
                raise ValueError(f"unknown action {rule.action!r}")
        except Exception:  # one bad rule must not fail the search
            _report(rule)
            continue
        acted.append(rule.id)
    return RuleActions(tuple(boosts), tuple(banners), redirect, tuple(acted))
