"""The shopper's full-text query, built in one place with its boosts and weights.

The text is first read word by word in Python (`read_query`): each word gets
the lemmas it may stand for (search/lexicon.py) and, if it is the last word
and still unfinished, a prefix. Each word then scores by the best of its
interpretations (a `dis_max`), each a `cross_fields` match over the texts so
the field boosts decide:

    lemma  (lemmas.*)         stoly -> stůl, nože -> nůž, noze -> nůž or noha
    family (lemmas.*)         the word's family below its own lemmas: ocel -> ocelový,
                              vlněný -> vlna (search/word_families.py)
    plain  (*.plain)          the word as typed, diacritics folded ("stul")
    stem   (hunspell fields)  regular endings hunspell knows, below the word itself:
                              English hunspell also strips derivations (wooden -> wood)
    fuzzy  (*.plain)          typos, only for whole words the dictionary does not know
    prefix (titles, category) only the last, unfinished word; a tiny constant
                              per field, so whole words and lemmas always rank
                              first and a title beginning beats a category one

A word's lemma found in the product's category name also adds to its score,
outside the interpretations: the category says what a product is, where a
title word may only qualify it (an English compound's first noun: "table lamp"
is a lamp, "table tennis bat" a bat; "wood table" wanted tables).

Staff's synonyms (search/rules.py) are applied here, at query time: a word
with synonyms scores by the best of itself and each synonym read the same way
(a synonym counts SYNONYM_WEIGHT of the word typed). A query without synonyms
is built exactly as before.

Words are passed to Elasticsearch one at a time as plain match text (or as an
unanalysed, folded prefix), so Lucene syntax in a query has no meaning.
"""
from dataclasses import dataclass

from django.conf import settings
from elasticsearch_dsl import Q

from search.lexicon import family_lemmas, is_known, query_lemmas
from search.text import compact_identifier, fold, joined_model_numbers, words

# Field boosts: the one place to tune ranking.
BOOSTS = {"title": 5.0, "short_description": 3.0, "attribute_list": 2.0, "category_name": 1.0}
PREFIX_FIELDS = ("title", "category_name")
FUZZY_FIELDS = ("title", "short_description")
# How much each interpretation of a word counts; prefix-only matches stay far below.
# stem 0.6 (was 0.8): "Wooden coffee table" (stem) outranked "Dining table in solid wood" (the word) for
# "wood table". category: the word names the product's category (added to the best interpretation).
WEIGHTS = {"lemma": 1.0, "plain": 1.0, "stem": 0.6, "family": 0.5, "fuzzy": 0.3, "prefix": 0.02, "category": 0.5}
TIE_BREAKER = 0.1
SKU_BOOST = 100.0
SKU_PREFIX_BOOST = 50.0
ID_BOOST = 10.0
MODEL_NUMBER_BOOST = BOOSTS["title"]
WORDS_TO_MATCH = "2<75%"  # one or two words: all; more: three quarters of them
MAX_WORDS = 12
MIN_COMPLETE_WORD = 3
SYNONYM_WEIGHT = 0.9
MAX_FAMILY = 6  # family terms per word at most

# When the last word is matched as a prefix: always (suggestions while typing),
# only when it is not a whole known word (a submitted search), never.
ALWAYS, UNFINISHED, NEVER = "always", "unfinished", "never"


@dataclass(frozen=True)
class QueryWord:
    text: str       # lowercase, as typed
    lemmas: tuple   # what it may stand for
    known: bool     # a whole word the dictionary knows
    prefix: bool    # also matched as the beginning of a word
    synonyms: tuple = ()  # QueryWords staff said it also means
    family: tuple = ()    # lemmas of its word family, other than its own


@dataclass(frozen=True)
class ShopperQuery:
    text: str
    language: str
    words: tuple

    @property
    def is_empty(self):
        return not self.words

    @property
    def used_synonyms(self):
        """[{"word": "mobil", "synonyms": ["telefon"]}, ...] for the response."""
        return [{"word": word.text, "synonyms": [synonym.text for synonym in word.synonyms]}
                for word in self.words if word.synonyms]


def _unfinished(word, language):
    return not word.isdigit() and (len(word) < MIN_COMPLETE_WORD or not is_known(word, language))


def _synonyms(word, lemmas, language, synonyms):
    """Synonym QueryWords for a word, found by the word folded or by any of its lemmas."""
    found = []
    for key in (word, *lemmas):
        for synonym in synonyms.get(fold(key), ()):
            if synonym != word and synonym not in found:
                found.append(synonym)
    return tuple(QueryWord(synonym, query_lemmas(synonym, language), is_known(synonym, language), False)
                 for synonym in found)


def _family(lemmas, language):
    if not settings.SEARCH_WORD_FAMILIES:
        return ()
    related = [lemma for own in lemmas for lemma in family_lemmas(own, language) if lemma not in lemmas]
    return tuple(dict.fromkeys(related))[:MAX_FAMILY]


def read_query(text, language, prefix=UNFINISHED, synonyms=None):
    """The shopper's text, word by word, with lemmas and the prefix decided; `synonyms`
    ({folded word: (word, ...)}, search/rules.py) adds each word's synonyms."""
    typed = [word.lower() for word in words(text)][:MAX_WORDS]
    read = []
    for position, word in enumerate(typed):
        last = position == len(typed) - 1
        as_prefix = last and (prefix == ALWAYS or (prefix == UNFINISHED and _unfinished(word, language)))
        lemmas = query_lemmas(word, language)
        also = _synonyms(word, lemmas, language, synonyms) if synonyms else ()
        read.append(QueryWord(word, lemmas, is_known(word, language), as_prefix, also, _family(lemmas, language)))
    return ShopperQuery(text, language, tuple(read))


def _fields(language, kind, names=BOOSTS):
    template = {"lemma": "lemmas.{name}.{language}", "stem": "{name}.{language}",
                "plain": "{name}.{language}.plain"}[kind]
    return [f"{template.format(name=name, language=language)}^{BOOSTS[name]}" for name in names]


def _match(text, fields, weight, **options):
    return Q("multi_match", query=text, fields=fields, type="cross_fields", boost=weight, **options)


def _word_query(word, language, weights, texts):
    own = _interpretations(word, language, weights, texts)
    if word.synonyms:
        alternatives = [_interpretations(synonym, language, weights, texts, boost=SYNONYM_WEIGHT)
                        for synonym in word.synonyms]
        own = Q("dis_max", queries=[own, *alternatives])
    named = _category_named(word, language, weights, texts)
    return Q("bool", should=[own, named]) if named else own


def _category_named(word, language, weights, texts):
    """The word's lemma in the category name, added to the word's score. The lemma
    interpretation already searches the category, so this never widens what matches."""
    if not (weights["category"] and weights["lemma"] and word.lemmas and "category_name" in texts):
        return None
    fields = _fields(language, "lemma", ("category_name",))
    by_lemma = [_match(lemma, fields, weights["category"]) for lemma in word.lemmas]
    return by_lemma[0] if len(by_lemma) == 1 else Q("dis_max", queries=by_lemma)


def _interpretations(word, language, weights, texts, boost=None):
    clauses = []
    if weights["lemma"]:
        lemma_fields = _fields(language, "lemma", texts)
        by_lemma = [_match(lemma, lemma_fields, weights["lemma"]) for lemma in word.lemmas]
        clauses.append(by_lemma[0] if len(by_lemma) == 1 else Q("dis_max", queries=by_lemma))
    if weights["family"] and word.family:
        family_fields = _fields(language, "lemma", texts)
        by_family = [_match(lemma, family_fields, weights["family"]) for lemma in word.family]
        clauses.append(by_family[0] if len(by_family) == 1 else Q("dis_max", queries=by_family))
    clauses.append(_match(word.text, _fields(language, "plain", texts), weights["plain"]))
    if weights["stem"]:
        clauses.append(_match(word.text, _fields(language, "stem", texts), weights["stem"]))
    if not word.known and not word.prefix:
        fuzzy_texts = [name for name in FUZZY_FIELDS if name in texts]
        clauses.append(Q(
            "multi_match", query=word.text, fields=_fields(language, "plain", fuzzy_texts), type="best_fields",
            fuzziness="AUTO:5,8", prefix_length=1, boost=weights["fuzzy"],
        ))
    if word.prefix:
        value = fold(word.text)
        clauses.append(Q("bool", should=[
            Q("constant_score", filter=Q("prefix", **{f"{name}.{language}.plain": value}),
              boost=weights["prefix"] * BOOSTS[name])
            for name in PREFIX_FIELDS if name in texts
        ]))
    options = {"boost": boost} if boost is not None else {}
    return Q("dis_max", queries=clauses, tie_breaker=TIE_BREAKER, **options)


def _identifier_queries(text):
    """An exact SKU first, in any case and with any separators ("knf000670", "knf 000670"
    for KNF-000670), then SKUs starting with it, then a product id; and model numbers
    written together or apart ("lyra328" for "Lyra 328")."""
    text, compact = text.strip(), compact_identifier(text)
    queries = []
    if compact:
        queries.append(Q("term", sku_compact={"value": compact, "boost": SKU_BOOST}))
        if len(compact) >= 3 and any(char.isdigit() for char in compact):
            queries.append(Q("constant_score", filter=Q("prefix", sku_compact=compact), boost=SKU_PREFIX_BOOST))
    if text.isascii() and text.isdigit() and len(text) < 10:  # int("²") fails though "²".isdigit()
        queries.append(Q("term", id={"value": int(text), "boost": ID_BOOST}))
    for number in joined_model_numbers(text):
        queries.append(Q("term", model_numbers={"value": number, "boost": MODEL_NUMBER_BOOST}))
    return queries


def shopper_query(query, relaxed=False, words_to_match=WORDS_TO_MATCH, weights=None, texts=tuple(BOOSTS)):
    """The Elasticsearch query for a read ShopperQuery; `relaxed` needs only one word to match.
    `weights` overrides WEIGHTS (the relevance benchmark turns interpretations off with it);
    `texts` limits the fields searched (suggestions read titles only)."""
    language, weights = query.language, {**WEIGHTS, **(weights or {})}
    should = _identifier_queries(query.text)
    if query.words:
        should.append(Q(
            "bool", should=[_word_query(word, language, weights, texts) for word in query.words],
            minimum_should_match=1 if relaxed else words_to_match,
        ))
    if not should:  # nothing searchable ("{}"): an empty bool would match every product
        return Q("match_none")
    return Q("bool", should=should, minimum_should_match=1)


def product_text_query(text, language, relaxed=False, prefix=UNFINISHED, weights=None, synonyms=None):
    """Relevance query for `text` in `language` (see the module docstring)."""
    query = read_query(text, language, prefix=prefix, synonyms=synonyms)
    return shopper_query(query, relaxed=relaxed, weights=weights)
