"""Word forms -> lemmas for the shop's languages, from simplemma's dictionaries.

Hunspell (inside Elasticsearch) strips regular endings but cannot relate
forms whose stem changes: stůl/stoly/stolů, nůž/nože, kůň/koně, Slovak
stôl/stoly, English knife/knives, nor diminutives (hrníčky -> hrnek).
simplemma ships full form -> lemma dictionaries for cs, sk and en. They are
compiled once per language into a read-only SQLite file (shared by every
process through the page cache, where Python dicts of them would take a large
share of each worker's memory) with two maps:

- exact:  lowercase form -> lemma                       (nože -> nůž)
          (a diminutive keeps its own lemma before its base word's: hrníčky ->
          hrníček hrnek, so "hrníčky" finds mugs and ranks small mugs first)
- folded: form without diacritics -> every lemma it may stand for
          (noze -> nůž, noha), for shoppers who type without diacritics;
- family: lemma -> the lemmas of its word family (ocel -> ocelový, and back;
          search/word_families.py), matched below a word's own lemmas.

A word the dictionary lacks takes the lemma the catalog's forms of it share
(search/catalog_words.py: "kastrůlky" -> kastrol), else stays as it is.

Lookups are cached per process. Languages simplemma does not know keep their
words as they are.
"""
import fcntl
import functools
import logging
import os
import sqlite3
import threading
import time
from collections import defaultdict
from pathlib import Path

import simplemma
from django.conf import settings
from simplemma.strategies.dictionaries import DefaultDictionaryFactory
from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

from search import catalog_words
from search.catalog_words import catalog_lemma
from search.text import fold, has_diacritics, words
from search.word_families import derive_families

logger = logging.getLogger(__name__)

# Bump when the file's layout or the build rules change: a new file is built.
FORMAT = 8
# A diminutive lemma whose dictionary entry points at a shorter word with the
# same beginning is merged into it (hrníček -> hrnek, lampička -> lampa); the
# suffixes keep negations (nedostatečný -> dostatečný) and verb aspects apart.
DIMINUTIVE_SUFFIXES = {
    "cs": ("ček", "čka", "čko", "ínek", "inka", "ička", "ečka", "uška", "ek", "ík", "ka", "ko"),
    "sk": ("ček", "čka", "čko", "ík", "ek", "ka", "ko"),
}
# The dictionaries strip negation (nedostatečný -> dostatečný, nerezový -> rezový),
# which would let "rezový" find stainless steel; a negated word keeps its own lemma.
NEGATION_PREFIX = {"cs": "ne", "sk": "ne"}
LOOKUP_CACHE_SIZE = 200_000
TEXT_CACHE_SIZE = 20_000


def supports(language):
    return language in SUPPORTED_LANGUAGES


def lexicon_path(language):
    directory = Path(settings.SEARCH_LEXICON_DIR) / f"simplemma-{simplemma.__version__}-v{FORMAT}"
    return directory / f"{language}.sqlite3"


def _english_f_plurals(exact):
    """shelves, scarves, halves: the dictionary reads them as verbs (shelve); a shop means
    the noun, so a -ves form whose -f/-fe singular is a known word maps to that."""
    lemmas = set(exact.values())
    for form, lemma in exact.items():
        if form.endswith("ves") and lemma == form[:-1]:
            noun = next((noun for noun in (form[:-3] + "f", form[:-3] + "fe") if noun in lemmas), None)
            if noun:
                exact[form] = noun


def _with_base(form, lemma, base):
    """hrníčky -> "hrníček hrnek"; hrníček itself (the dictionary says hrnek) -> "hrníček hrnek"."""
    if lemma in base:
        return f"{lemma} {base[lemma]}"
    if form in base:
        return f"{form} {base[form]}"
    return lemma


def _exact_forms(language):
    """{lowercase form: lowercase lemma}; a diminutive's lemma is followed by its base word's."""
    exact = {}
    for form, lemma in DefaultDictionaryFactory(cache_max_size=0).get_dictionary(language).items():
        key = form.lower()
        # "Karla" (a name) and "karla" may both exist: the lowercase form's own entry wins.
        if key not in exact or form == key:
            exact[key] = lemma.lower()
    if language == "en":
        _english_f_plurals(exact)
    negation = NEGATION_PREFIX.get(language)
    if negation:
        for form, lemma in exact.items():
            if form.startswith(negation) and not lemma.startswith(negation) and negation + lemma in exact:
                exact[form] = negation + lemma
    for lemma in set(exact.values()):
        exact.setdefault(lemma, lemma)
    suffixes = DIMINUTIVE_SUFFIXES.get(language)
    if suffixes:
        base = {}
        for lemma in set(exact.values()):
            shorter = exact.get(lemma, lemma)
            if shorter != lemma and len(shorter) < len(lemma) and shorter[:3] == lemma[:3] \
                    and lemma.endswith(suffixes):
                base[lemma] = shorter
        exact = {form: _with_base(form, lemma, base) for form, lemma in exact.items()}
    return exact


def build(language, path=None):
    """Compiles `language`'s dictionary into `path` (atomically); returns the path."""
    path = Path(path or lexicon_path(language))
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    exact = _exact_forms(language)
    folded: defaultdict[str, dict[str, None]] = defaultdict(dict)  # insertion-ordered sets
    for form, lemmas in exact.items():
        folded[fold(form)].update(dict.fromkeys(lemmas.split(" ")))
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    lemmas = {lemma for joined in exact.values() for lemma in joined.split(" ")}
    families = derive_families(lemmas, language)
    with sqlite3.connect(partial) as db:
        db.execute("CREATE TABLE exact (form TEXT PRIMARY KEY, lemma TEXT NOT NULL) WITHOUT ROWID")
        db.execute("CREATE TABLE folded (form TEXT PRIMARY KEY, lemmas TEXT NOT NULL) WITHOUT ROWID")
        db.execute("CREATE TABLE family (form TEXT PRIMARY KEY, lemmas TEXT NOT NULL) WITHOUT ROWID")
        db.executemany("INSERT INTO family VALUES (?, ?)",
                       sorted((lemma, " ".join(related)) for lemma, related in families.items()))
        db.executemany("INSERT INTO exact VALUES (?, ?)", sorted(exact.items()))
        db.executemany(
            "INSERT INTO folded VALUES (?, ?)",
            sorted((form, " ".join(lemmas)) for form, lemmas in folded.items()),
        )
    os.replace(partial, path)
    logger.info("lexicon %s: %d forms, %d family links in %.1fs -> %s", language, len(exact), len(families),
                time.monotonic() - started, path)
    return path


def ensure_built(language):
    """The lexicon file for `language`, built first if missing (once, even across processes)."""
    path = lexicon_path(language)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(f"{path.name}.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            logger.warning("lexicon %s missing: building it now (manage.py build_lexicon does it ahead)", language)
            build(language, path)
    return path


class _Connections(threading.local):
    """One read-only SQLite connection per thread and language."""

    def __init__(self):
        self.by_language = {}

    def get(self, language):
        if language not in self.by_language:
            uri = f"file:{ensure_built(language)}?mode=ro&immutable=1"
            self.by_language[language] = sqlite3.connect(uri, uri=True, check_same_thread=False)
        return self.by_language[language]


_connections = _Connections()


def _fetch(language, table, column, form):
    row = _connections.get(language).execute(f"SELECT {column} FROM {table} WHERE form = ?", (form,)).fetchone()
    return row[0] if row else None


@functools.lru_cache(maxsize=LOOKUP_CACHE_SIZE)
def _lookup(word, language):
    """(lemmas of the exact form, lemmas of the folded form) for a lowercase word."""
    if not supports(language):
        return (), ()
    exact = _fetch(language, "exact", "lemma", word)
    folded = _fetch(language, "folded", "lemmas", fold(word))
    return tuple(exact.split(" ")) if exact else (), tuple(folded.split(" ")) if folded else ()


def _unknown(word, language):
    """A word the dictionary lacks: the lemma the catalog's forms of it share
    (search/catalog_words.py), else the word itself."""
    return _unknown_read(word, language, catalog_words.version())


@functools.lru_cache(maxsize=LOOKUP_CACHE_SIZE)
def _unknown_read(word, language, version):
    """Cached per reading of the catalog's own words (`version`)."""
    return (catalog_lemma(word, language) or word,)


def text_lemmas(word, language):
    """Lemmas of a word in product text, where diacritics can be trusted: one, as a rule."""
    word = word.lower()
    exact, folded = _lookup(word, language)
    return exact or folded or _unknown(word, language)


def dictionary_lemmas(word, language):
    """text_lemmas as far as the dictionary knows the word, () when it lacks it: the part
    that never changes with the catalog (search/highlight.py caches it per process)."""
    exact, folded = _lookup(word.lower(), language)
    return exact or folded


def query_lemmas(word, language):
    """Lemmas a shopper's word may stand for: a word typed without diacritics stands
    for every word it folds from ("noze": nůž or noha); the ranking sorts them out."""
    word = word.lower()
    exact, folded = _lookup(word, language)
    if exact and has_diacritics(word):
        return exact
    return tuple(dict.fromkeys(exact + folded)) or _unknown(word, language)


@functools.lru_cache(maxsize=LOOKUP_CACHE_SIZE)
def family_lemmas(lemma, language):
    """The lemmas of `lemma`'s word family (ocel -> ocelový), none for an unknown word."""
    if not supports(language):
        return ()
    related = _fetch(language, "family", "lemmas", lemma.lower())
    return tuple(related.split(" ")) if related else ()


def is_known(word, language):
    """Whether the dictionary knows `word` as a whole word (with or without diacritics)."""
    exact, folded = _lookup(word.lower(), language)
    return bool(exact or folded)


def lemma_text(text, language):
    """'Dřevěné stoly' -> 'dřevěný stůl': a text's words as lemmas, for the `lemmas` fields.
    Cached whole too (category paths, attribute lists and shared sentences repeat), per
    reading of the catalog's own words."""
    return _lemma_text(text, language, catalog_words.version())


@functools.lru_cache(maxsize=TEXT_CACHE_SIZE)
def _lemma_text(text, language, version):
    return " ".join([lemma for word in words(text) for lemma in text_lemmas(word, language)])
