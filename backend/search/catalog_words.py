"""Lemmas for the catalog's own words that the dictionary lacks ("kastrůlky", Slovak
"tanierčeky"): read from CatalogWord rows (found in the catalog by
`manage.py catalog_words --save`, search/catalog_vocabulary.py, or written by staff).

A word the dictionary does not know is looked up here by its form, then by its
key: the word without its inflectional ending and with a fleeting e/o dropped
(kastrůlek, kastrůlky, kastrůlkách -> "kastrůlk"), so a form the catalog does
not use (or one typed without diacritics) still reaches the lemma its forms share. The rows are few; each process
keeps them for CACHE_SECONDS, and drops them at once when they change here.
"""
import itertools
import logging

from django.db import DatabaseError, transaction

from common.process_cache import TimedCache
from search.text import fold

logger = logging.getLogger(__name__)

CACHE_SECONDS = 60
MIN_KEY_LENGTH = 4
MIN_BARE_KEY = 6  # a word that is a key itself (no ending) is read by its key only from this length
MAX_FORMS = 6  # catalog forms one lemma adds to a PostgreSQL query at most
# Czech and Slovak noun and adjective endings, longest first.
ENDINGS = tuple(sorted({
    "iach", "ách", "ech", "ích", "och", "ami", "emi", "ám", "om", "ov", "ou", "em", "ům", "ej", "ia", "ie", "iu",
    "a", "e", "ě", "i", "í", "o", "u", "ů", "y", "ý", "á", "é",
}, key=len, reverse=True))
SLAVIC = ("cs", "sk")
FLEETING = "eoô"  # kastrůlek/kastrůlky, Slovak peňaženôčok/peňaženôčky

_cache = TimedCache(CACHE_SECONDS)
_versions = itertools.count(1)
_last: dict[str, dict] = {}  # what was read last, served while PostgreSQL cannot be asked


def word_key(word, language):
    """The form a word's inflected forms share, as far as regular endings go."""
    word = word.lower()
    if language == "en":
        for ending, replacement in (("ies", "y"), ("xes", "x"), ("ches", "ch"), ("shes", "sh"), ("sses", "ss")):
            if word.endswith(ending):
                return word[: -len(ending)] + replacement
        return word[:-1] if word.endswith("s") and not word.endswith("ss") else word
    if language not in SLAVIC:
        return word
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            break
    if len(word) >= 6 and word[-3:-1] == "ie" and word[-1] in "kc":
        return word[:-3] + word[-1]  # Slovak genitive plural: vankúšičiek
    if len(word) >= 5 and word[-2] in FLEETING and word[-1] in "kc":
        word = word[:-2] + word[-1]
    return word


def _load():
    from search.models import CatalogWord

    words: dict[str, tuple] = {}
    try:
        with transaction.atomic():  # a failure inside a request's transaction must not end it
            rows = list(CatalogWord.objects.order_by("source", "form")
                        .values_list("language", "form", "lemma", "source"))
    except DatabaseError as error:
        logger.warning("catalog words unreadable, the last copy serves: %s", error)
        return _last.get("words") or {"version": 0, "languages": {}}
    for language, form, lemma, source in rows:
        # "catalog" sorts before "staff": staff's rows overwrite the catalog's.
        forms, keys, by_lemma = words.setdefault(language, ({}, {}, {}))
        forms[form] = lemma
        key = fold(word_key(form, language))
        if len(key) >= MIN_KEY_LENGTH:
            keys[key] = lemma
    for forms, _, by_lemma in words.values():
        for form, lemma in forms.items():
            if form != lemma:
                by_lemma.setdefault(lemma, []).append(form)
    _last["words"] = loaded = {"version": next(_versions), "languages": words}
    return loaded


def _words():
    return _cache.get("words", _load)


def version():
    """Changes whenever the rows are read again (a key for caches of lemmatized texts)."""
    return _words()["version"]


def catalog_lemma(word, language):
    """The lemma of a word the dictionary lacks, or None."""
    found = _words()["languages"].get(language)
    if not found:
        return None
    forms, keys, _ = found
    word = word.lower()
    if word in forms:
        return forms[word]
    key = word_key(word, language)
    if key == word and len(word) < MIN_BARE_KEY:
        return None  # "ručn" is someone typing ručník, not a form of ručně
    return keys.get(fold(key))


def catalog_forms(lemma, language):
    """The catalog's forms grouped under `lemma` (what its titles say instead)."""
    found = _words()["languages"].get(language)
    return tuple(found[2].get(lemma.lower(), ())[:MAX_FORMS]) if found else ()


def forget_catalog_words():
    _cache.forget()
