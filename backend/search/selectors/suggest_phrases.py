"""What suggest matches in memory: the rolled-up query completions and the category names.

Both are small (a few thousand completions, the category tree) and change
rarely, so each process reads them once a minute at most (the roll-up runs
every 10 minutes) and matches a keystroke against a sorted key list
(search/phrase_index.py): no statement per keystroke for either.
"""
from common.process_cache import TimedCache
from products.category_tree import cached_category_tree
from search.models import SuggestedQuery
from search.phrase_index import PhraseIndex, phrase_keys
from search.selectors.suggest_blocks import blocked_phrases, is_blocked
from search.text import normalised, words

CACHE_SECONDS = 60
_completions = TimedCache(CACHE_SECONDS)
_categories = TimedCache(CACHE_SECONDS)


def _load_completions(language):
    """Popular searches first, then the catalog's phrases; the most shoppers or products first.
    Staff's blocked phrases are left out here too: a block need not wait for the roll-up."""
    blocked = blocked_phrases(language)
    rows = [row for row in SuggestedQuery.objects.filter(language=language).values_list(
        "text", "normalised", "keys", "source") if not is_blocked(row[1], blocked)]
    ranked = sorted(rows, key=lambda row: row[3] != SuggestedQuery.SEARCHES)  # stable: the table's order within
    return PhraseIndex([((text, plain), keys) for text, plain, keys, _source in ranked])


def query_completions(query, size: int) -> list[str]:
    """Up to `size` completions of a read ShopperQuery, other than the query itself."""
    typed = normalised(query.text)
    index = _completions.get(query.language, lambda: _load_completions(query.language))
    found = index.match(query, size + 1)
    return [text for text, plain in found if plain != typed][:size]


def _load_categories(language):
    tree = cached_category_tree()
    return PhraseIndex([(category.id, phrase_keys(words(category.name(language)), language))
                        for category in tree.categories()])


def named_category_ids(query, size: int = 20) -> list[int]:
    """Categories whose name every word of `query` matches (the last as a beginning)."""
    index = _categories.get(query.language, lambda: _load_categories(query.language))
    return index.match(query, size)


def forget_suggest_phrases(**kwargs) -> None:
    """A category or a blocked suggestion changed, or the roll-up ran in this process: read both again."""
    _completions.forget()
    _categories.forget()
