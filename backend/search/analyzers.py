"""Per-language analyzers. Each text is indexed three ways, each matched on whole words:

- `<field>.<lang>`: hunspell's stem (Czech, Slovak, general/English), diacritics
  folded: regular endings (boty/bota, červené/červený);
- `<field>.<lang>.plain`: the word as written, folded: what shoppers type
  without diacritics ("dreveny stul"); on titles it also keeps prefixes
  (`index_prefixes`) for the last, unfinished word of a query;
- `lemmas.<field>.<lang>`: the words' lemmas, computed in Python from
  simplemma's dictionaries (search/lexicon.py): stem changes hunspell cannot
  follow (stůl/stoly, nůž/nože, knife/knives) and known diminutives.

No edge n-grams: a grammed query makes any shared prefix a match ("stoly"
found "stolní lampa"); prefixes are matched only where the shopper is still
typing (search/queries.py).
"""
from elasticsearch_dsl import analyzer, token_filter

LOCALES = {"cs": "cs_CZ", "sk": "sk_SK", "en": "en_US"}
ANALYZER_NAMES = {"cs": "czech", "sk": "slovak"}
GENERAL = "general"

folding = token_filter("diacritics_folding", type="asciifolding")


def _hunspell_analyzer(name, locale):
    stemmer = token_filter(f"{name}_hunspell", type="hunspell", locale=locale, dedup=True)
    return analyzer(f"{name}_hunspell_analyzer", tokenizer="standard", filter=["lowercase", stemmer, folding])


_BY_NAME = {
    "czech": _hunspell_analyzer("czech", LOCALES["cs"]),
    "slovak": _hunspell_analyzer("slovak", LOCALES["sk"]),
    GENERAL: _hunspell_analyzer(GENERAL, LOCALES["en"]),
}

# `.plain`: folded words, not stemmed. Hunspell cannot stem a word typed without
# diacritics and may read it as another word ("stul" as a form of "stulit").
plain_analyzer = analyzer("plain_analyzer", tokenizer="standard", filter=["lowercase", folding])

# `lemmas.*`: the text arrives as lemmas already; only split and lowercase it.
lemma_analyzer = analyzer("lemma_analyzer", tokenizer="standard", filter=["lowercase"])

# Completion suggester input (the DSL endpoint's /suggest/): whole titles, folded.
completion_analyzer = analyzer("title_completion_analyzer", tokenizer="standard", filter=["lowercase", folding])


def stem_analyzer_for(language):
    """The hunspell analyzer of a language; English and others share `general`."""
    return _BY_NAME[ANALYZER_NAMES.get(language, GENERAL)]
