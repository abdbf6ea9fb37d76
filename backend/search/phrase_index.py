"""Short phrases (query completions, category names) matched word by word as search reads words.

Each phrase word is keyed by its folded form and its lemmas' folded forms
(search.understanding.vocabulary.keys: "nože", "noze", "nůž" reach one key),
so a shopper's word finds a phrase by any of its forms. Every typed word but
the last must equal a key of some phrase word; the last, still being typed,
may be the beginning of one ("kuch" -> "kuchyňský nůž"), or share a lemma.
The keys sit in one sorted list, so a prefix is two bisections, not a scan:
what runs per keystroke is proportional to the phrases found, not to their number.
"""
from bisect import bisect_left
from dataclasses import dataclass

from search.text import fold
from search.understanding.vocabulary import keys

MAX_CANDIDATES = 2000  # a one-letter prefix matching more is cut (the best-ranked first)


def phrase_keys(words, language) -> list[list[str]]:
    """Per word of a phrase: its folded form and its lemmas', lowercase (what is stored)."""
    return [sorted(keys(word.lower(), language)) for word in words]


@dataclass(frozen=True)
class Entry:
    value: object  # what a match gives back (a text, a category id)
    keys: tuple  # per word: a frozenset of keys


class PhraseIndex:
    """`entries` in rank order (best first); `match` keeps that order."""

    def __init__(self, entries):
        self.entries = [Entry(value, tuple(frozenset(word) for word in word_keys)) for value, word_keys in entries]
        pairs = sorted((key, position) for position, entry in enumerate(self.entries)
                       for word in entry.keys for key in word)
        self._keys = [key for key, _ in pairs]
        self._positions = [position for _, position in pairs]

    def _starting(self, prefix):
        found, start = set(), bisect_left(self._keys, prefix)
        end = bisect_left(self._keys, prefix + "\U0010ffff", lo=start)
        for position in self._positions[start:end]:
            found.add(position)
        return found

    def _exact(self, key):
        start = bisect_left(self._keys, key)
        end = bisect_left(self._keys, key + "\x00", lo=start)
        return set(self._positions[start:end])

    def match(self, query, size):
        """The values of up to `size` entries every word of `query` (a read ShopperQuery) matches."""
        if not query.words or not self._keys:
            return []
        last = query.words[-1]
        candidates = self._starting(fold(last.text))
        for lemma in last.lemmas:
            candidates |= self._exact(fold(lemma))
        others = [{fold(word.text)} | {fold(lemma) for lemma in word.lemmas} for word in query.words[:-1]]
        found = []
        for position in sorted(candidates)[:MAX_CANDIDATES]:
            entry = self.entries[position]
            if all(any(wanted & word for word in entry.keys) for wanted in others):
                found.append(entry.value)
                if len(found) == size:
                    break
        return found
