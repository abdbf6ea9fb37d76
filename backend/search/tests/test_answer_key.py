"""The answer cache's key (search/selectors/answer_cache.py): equal searches give equal keys in
every process, and anything an answer depends on changes it."""
from decimal import Decimal

import pytest

from search.rule_actions import Boost
from search.selectors.answer_cache import answer_key

pytestmark = pytest.mark.pure
SCOPE = ("products", "search.apis.products.SearchProducts", "popularity_weight=0.0;rules=True", 3)
PARAMS = {"q": "červené boty", "sort": "relevance", "offset": 0, "limit": 20, "price_max": Decimal("500.00"),
          "attr": [3, 7], "exclude_ids": [12, 5]}


def _key(scope=SCOPE, language="cs", **changed):
    return answer_key(scope=scope, language=language, params={**PARAMS, **changed})


def test_equal_searches_give_equal_keys_whatever_the_order_or_spacing():
    reordered = dict(reversed(list(PARAMS.items())))
    assert answer_key(scope=SCOPE, language="cs", params=reordered) == _key()
    assert _key(q="  červené   boty ") == _key()
    assert _key(skip=frozenset({"price_max", "sort", "category:4"})) == _key(skip={"category:4", "sort", "price_max"})


def test_a_staff_boost_is_keyed_by_what_it_does():
    boost = Boost(rule_id=1, target="category", factor=2.0, category_id=4)
    assert _key(rule_boosts=(boost,)) == _key(rule_boosts=(Boost(1, "category", 2.0, category_id=4),))
    assert _key(rule_boosts=(boost,)) != _key(rule_boosts=(Boost(1, "category", 0.5, category_id=4),))
    assert _key(rule_boosts=(boost,)) != _key()


@pytest.mark.parametrize("changed", [
    {"language": "sk"}, {"scope": (*SCOPE[:2], "popularity_weight=0.5;rules=True", 3)}, {"scope": (*SCOPE[:3], 4)},
    {"q": "modré boty"}, {"sort": "price"}, {"offset": 20}, {"limit": 10}, {"price_max": Decimal("600.00")},
    {"attr": [3]}, {"exclude_ids": [5]}, {"in_stock": True},
])
def test_whatever_the_answer_depends_on_changes_the_key(changed):
    assert _key(**changed) != _key()
