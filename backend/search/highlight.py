"""Marking the words a search matched, in the texts a shopper sees.

Highlights are made here rather than by Elasticsearch: a lemma match (query
"stoly", title "Jídelní stůl") is made in the `lemmas` field, whose text is
not the shown one, so Elasticsearch's highlighter could not mark it. Here each
shown word is read the way the query was (folded form, lemmas, the last
word's prefix), so what is marked is what matched. Texts are HTML-escaped;
only <mark> tags are added.
"""
import functools
import re
from dataclasses import dataclass
from html import escape

from search.lexicon import TEXT_CACHE_SIZE, dictionary_lemmas, text_lemmas
from search.text import WORD, fold

FRAGMENT_SIZE = 120
MAX_FRAGMENTS = 2
HIGHLIGHTED = ("title", "short_description")


@dataclass(frozen=True)
class _Targets:
    forms: frozenset     # folded words as typed
    lemmas: frozenset
    prefixes: tuple      # folded beginnings (the unfinished last word)


def _targets(query):
    return _Targets(
        forms=frozenset(fold(word.text) for word in query.words),
        lemmas=frozenset(lemma for word in query.words for lemma in word.lemmas),
        prefixes=tuple(fold(word.text) for word in query.words if word.prefix),
    )


@functools.lru_cache(maxsize=TEXT_CACHE_SIZE)
def _reading(token, language):
    """A shown word folded, and its lemmas as the dictionary has them: the same for every
    query, so read once per process (reading the page's words was most of its highlighting).
    A word the dictionary lacks gets its lemma from the catalog's words, which change."""
    return fold(token.lower()), frozenset(dictionary_lemmas(token, language))


def _matches(token, targets, language):
    folded, lemmas = _reading(token, language)
    if folded in targets.forms or folded.startswith(targets.prefixes):
        return True
    return not (lemmas or frozenset(text_lemmas(token, language))).isdisjoint(targets.lemmas)


@functools.lru_cache(maxsize=TEXT_CACHE_SIZE)
def _words(text):
    """A shown text's words with their spans, and whether it needs escaping: the same for
    every query, and the same products' texts are shown again and again."""
    words = tuple((match.group(), *match.span()) for match in WORD.finditer(text))
    return words, _HTML_SPECIAL.search(text) is not None


_HTML_SPECIAL = re.compile(r"[&<>\"']")


def _marked_spans(words, targets, language, seen):
    """Spans of the matched words; `seen` remembers each word's verdict for the whole page
    (result texts repeat their words: folding and lemmas were most of a page's highlighting)."""
    spans = []
    for token, start, end in words:
        verdict = seen.get(token)
        if verdict is None:
            verdict = seen[token] = _matches(token, targets, language)
        if verdict:
            spans.append((start, end))
    return spans


def _render(text, spans, start, end, escaped):
    """The text from `start` to `end` with `spans` marked; escaped only when it has something
    HTML would read (most catalog texts have none: escape() was a tenth of highlighting)."""
    escape_ = escape if escaped else str
    parts, position = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts.append(escape_(text[position:span_start]))
        parts.append(f"<mark>{escape_(text[span_start:span_end])}</mark>")
        position = span_end
    parts.append(escape_(text[position:end]))
    return "".join(parts)


def _window(text, span):
    """About FRAGMENT_SIZE characters around a marked word, cut at spaces."""
    start = max(0, span[0] - FRAGMENT_SIZE // 3)
    end = min(len(text), start + FRAGMENT_SIZE)
    if start > 0:
        start = text.find(" ", start) + 1 or start
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > span[1] else end
    return start, end


def highlight_text(text, query, language):
    """HTML snippets of `text` with the words `query` (a ShopperQuery) matched in <mark>, or []."""
    return _highlight(text, _targets(query), language, {})


def _highlight(text, targets, language, seen):
    words, escaped = _words(text)
    spans = _marked_spans(words, targets, language, seen)
    if not spans:
        return []
    if len(text) <= FRAGMENT_SIZE:
        return [_render(text, spans, 0, len(text), escaped)]
    fragments, covered = [], -1
    for span in spans:
        if span[0] < covered or len(fragments) == MAX_FRAGMENTS:
            continue
        start, end = _window(text, span)
        fragments.append(_render(text, spans, start, end, escaped))
        covered = end
    return fragments


def highlight_rows(rows, query, language):
    """{product id: {field: [snippets]}} for the shown texts of search result rows."""
    if query is None or query.is_empty:
        return {}
    targets, seen = _targets(query), {}
    highlights = {}
    for row in rows:
        marked = {field: _highlight(row[field], targets, language, seen) for field in HIGHLIGHTED if row.get(field)}
        marked = {field: snippets for field, snippets in marked.items() if snippets}
        if marked:
            highlights[row["id"]] = marked
    return highlights
