"""The shopper's full-text query, built in one place with its boosts.

The text is only ever passed as a `multi_match` query string, which
Elasticsearch analyses as plain text: Lucene syntax in it (`title:*`, `AND`,
quotes, backslashes, braces) has no meaning there and cannot change the
query's structure.
"""
from elasticsearch_dsl import Q

# Field boosts: the one place to tune ranking.
BOOSTS = {"title": 5.0, "short_description": 3.0, "attribute_list": 2.0}
ID_BOOST = 10.0
SKU_BOOST = 100.0
# Weight of the typo-tolerant pass relative to the exact-word pass.
FUZZY_WEIGHT = 0.2
# Weight of the folded, unstemmed `.plain` fields relative to the stemmed ones.
PLAIN_WEIGHT = 0.8
WORDS_TO_MATCH = "2<75%"  # one or two words: all; more: three quarters of them


def text_fields(language, plain=False):
    """The stemmed per-language fields with their boosts (and their `.plain` twins if asked)."""
    fields = [f"id^{ID_BOOST}"] + [f"{field}.{language}^{boost}" for field, boost in BOOSTS.items()]
    if plain:
        fields += [f"{field}.{language}.plain^{boost * PLAIN_WEIGHT}" for field, boost in BOOSTS.items()]
    return fields


def product_text_query(text, language):
    """Relevance query for `text` in `language`: exact SKU first, then the words.

    Words are scored twice. `cross_fields` scores each word once over all the
    fields with one blended term statistic, so the boosts decide: a word common
    in titles ("bota" in every shoe's title) would otherwise score lower there
    than in a description where it is rare, and a shirt would outrank the shoes.
    It reads the stemmed fields and, as a second group, their folded `.plain`
    twins, where words typed without diacritics match ("dreveny stul"). A
    lighter fuzzy pass over the stemmed fields adds typos and endings hunspell
    cannot stem without diacritics ("cervene" vs "cerveny"), for 5+ letters.
    """
    # `id` is numeric: text that is not a number is ignored there instead of failing (lenient).
    exact_words = Q(
        "multi_match", query=text, fields=text_fields(language, plain=True), type="cross_fields",
        operator="or", minimum_should_match=WORDS_TO_MATCH, lenient=True,
    )
    fuzzy_words = Q(
        "multi_match", query=text, fields=text_fields(language), type="most_fields", boost=FUZZY_WEIGHT,
        fuzziness="AUTO:5,8", prefix_length=1, operator="or", minimum_should_match=WORDS_TO_MATCH, lenient=True,
    )
    exact_sku = Q("term", sku={"value": text.strip(), "boost": SKU_BOOST})
    return Q("bool", should=[exact_words, fuzzy_words, exact_sku], minimum_should_match=1)
