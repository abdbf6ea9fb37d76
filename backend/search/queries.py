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


def text_fields(language):
    return [f"id^{ID_BOOST}"] + [f"{field}.{language}^{boost}" for field, boost in BOOSTS.items()]


def product_text_query(text, language):
    """Relevance query for `text` in `language`: exact SKU first, then typo-tolerant text."""
    text_match = Q(
        "multi_match",
        query=text,
        fields=text_fields(language),
        type="most_fields",
        # Typos, and words typed without diacritics that hunspell cannot stem
        # ("cervene" vs "cerveny"), for words of 5+ letters; short words must match.
        fuzziness="AUTO:5,8",
        prefix_length=1,
        operator="or",
        minimum_should_match="2<75%",
        # `id` is numeric: text that is not a number is ignored there instead of failing.
        lenient=True,
    )
    exact_sku = Q("term", sku={"value": text.strip(), "boost": SKU_BOOST})
    return Q("bool", should=[text_match, exact_sku], minimum_should_match=1)
