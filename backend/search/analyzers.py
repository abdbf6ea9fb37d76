"""Per-language analyzers: hunspell stemming, diacritics folding, autocomplete.

Index side: lowercase -> hunspell lemma -> fold diacritics -> edge n-grams, so
"červená" is stored as "ce", "cer", ... "cerveny" and a prefix finds it.
Query side: the same chain without n-grams, so a query is never exploded into
grams. Queries typed without diacritics ("cervene") are not stemmable by
hunspell; the search query's fuzziness bridges the last letters.
"""
from elasticsearch_dsl import analyzer, token_filter

LOCALES = {"cs": "cs_CZ", "sk": "sk_SK", "en": "en_US"}
ANALYZER_NAMES = {"cs": "czech", "sk": "slovak"}
GENERAL = "general"

folding = token_filter("diacritics_folding", type="asciifolding")
autocomplete_grams = token_filter("autocomplete_edge_ngram", type="edge_ngram", min_gram=2, max_gram=20)


def _hunspell(name, locale):
    return token_filter(f"{name}_hunspell", type="hunspell", locale=locale, dedup=True)


def _analyzers(name, locale):
    stemmer = _hunspell(name, locale)
    index_analyzer = analyzer(
        f"{name}_autocomplete_hunspell_analyzer",
        tokenizer="standard",
        filter=["lowercase", stemmer, folding, autocomplete_grams],
    )
    search_analyzer = analyzer(
        f"{name}_hunspell_search_analyzer",
        tokenizer="standard",
        filter=["lowercase", stemmer, folding],
    )
    return index_analyzer, search_analyzer


_BY_NAME = {
    "czech": _analyzers("czech", LOCALES["cs"]),
    "slovak": _analyzers("slovak", LOCALES["sk"]),
    GENERAL: _analyzers(GENERAL, LOCALES["en"]),
}


# The `plain` sub-field of every language: folded words, not stemmed. Hunspell
# cannot stem a word typed without diacritics and may read it as another word
# ("stul" as a form of "stulit", not "stůl"); here "stul" simply equals "stůl".
plain_index_analyzer = analyzer(
    "plain_autocomplete_analyzer", tokenizer="standard", filter=["lowercase", folding, autocomplete_grams]
)
plain_search_analyzer = analyzer("plain_search_analyzer", tokenizer="standard", filter=["lowercase", folding])

# Completion suggester input: whole titles, lowercased and folded, no stemming.
completion_analyzer = analyzer(
    "title_completion_analyzer", tokenizer="standard", filter=["lowercase", folding]
)


def analyzers_for(language):
    """(index analyzer, search analyzer) for a language; English and others share `general`."""
    return _BY_NAME[ANALYZER_NAMES.get(language, GENERAL)]
