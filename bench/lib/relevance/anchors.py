"""The rankings the new one is measured against, frozen here as index bodies and queries.

(a) before: this project's ranking until the lemma change (commit f64164b):
    hunspell + edge n-grams at index time, a folded `.plain` twin with n-grams,
    a cross_fields pass over both plus a fuzzy pass.
(b) ecoseller's published chain (its search/analyzers.py and product
    documents): edge-n-gram tokenizer, folding, hunspell, the same analyzer at
    index AND query time, a best_fields multi_match with id^10, title^5,
    short_description^3, attribute_list^2. `lenient` is added: without it the
    numeric `id` field rejects every text query on Elasticsearch 8. Its
    `lowercase_filter` (type lowercase, no options) is the built-in `lowercase`.
(c) plain BM25: the standard analyzer, the same fields and boosts as ours.
"""
LOCALES = {"cs": "cs_CZ", "sk": "sk_SK", "en": "en_US"}
TEXTS = ("title", "short_description", "attribute_list", "category_name")
OUR_BOOSTS = {"title": 5.0, "short_description": 3.0, "attribute_list": 2.0, "category_name": 2.0}


def _index(analysis, per_language_field, texts=TEXTS):
    properties = {"id": {"type": "integer"}, "sku": {"type": "keyword"}}
    for text in texts:
        properties[text] = {"properties": {language: per_language_field(language) for language in LOCALES}}
    return {"settings": {"number_of_shards": 1, "number_of_replicas": 0, "analysis": analysis},
            "mappings": {"properties": properties}}


def _documents(documents, texts=TEXTS):
    for document in documents:
        yield {"id": document["id"], "sku": document["sku"], **{text: document[text] for text in texts}}


# --- (a) before ---------------------------------------------------------------------------
_BEFORE_NAMES = {"cs": "czech", "sk": "slovak", "en": "general"}


def before_index():
    filters = {"diacritics_folding": {"type": "asciifolding"},
               "autocomplete_edge_ngram": {"type": "edge_ngram", "min_gram": 2, "max_gram": 20}}
    analyzers = {
        "plain_autocomplete_analyzer": {"tokenizer": "standard",
                                        "filter": ["lowercase", "diacritics_folding", "autocomplete_edge_ngram"]},
        "plain_search_analyzer": {"tokenizer": "standard", "filter": ["lowercase", "diacritics_folding"]},
    }
    for language, name in _BEFORE_NAMES.items():
        filters[f"{name}_hunspell"] = {"type": "hunspell", "locale": LOCALES[language], "dedup": True}
        chain = ["lowercase", f"{name}_hunspell", "diacritics_folding"]
        analyzers[f"{name}_autocomplete_hunspell_analyzer"] = {
            "tokenizer": "standard", "filter": chain + ["autocomplete_edge_ngram"]}
        analyzers[f"{name}_hunspell_search_analyzer"] = {"tokenizer": "standard", "filter": chain}

    def field(language):
        name = _BEFORE_NAMES[language]
        return {"type": "text", "analyzer": f"{name}_autocomplete_hunspell_analyzer",
                "search_analyzer": f"{name}_hunspell_search_analyzer",
                "fields": {"plain": {"type": "text", "analyzer": "plain_autocomplete_analyzer",
                                     "search_analyzer": "plain_search_analyzer"}}}

    return _index({"filter": filters, "analyzer": analyzers}, field)


def before_query(text, language):
    boosts = {"title": 5.0, "short_description": 3.0, "attribute_list": 2.0}
    stemmed = ["id^10.0"] + [f"{name}.{language}^{boost}" for name, boost in boosts.items()]
    plain = [f"{name}.{language}.plain^{boost * 0.8}" for name, boost in boosts.items()]
    common = {"operator": "or", "minimum_should_match": "2<75%", "lenient": True}
    return {"bool": {"should": [
        {"multi_match": {"query": text, "fields": stemmed + plain, "type": "cross_fields", **common}},
        {"multi_match": {"query": text, "fields": stemmed, "type": "most_fields", "boost": 0.2,
                         "fuzziness": "AUTO:5,8", "prefix_length": 1, **common}},
        {"term": {"sku": {"value": text.strip(), "boost": 100.0}}},
    ], "minimum_should_match": 1}}


# --- (b) ecoseller ------------------------------------------------------------------------
_ECOSELLER_TEXTS = ("title", "short_description", "attribute_list")


def ecoseller_index():
    filters = {
        "min_length": {"type": "length", "min": 2},
        "czech_stopwords": {"type": "stop", "stopwords": ["že", "právě", "_czech_"]},
        "slovak_stopwords": {"type": "stop", "stopwords": ["_slovak_"]},
        "czech_hunspell": {"type": "hunspell", "locale": "cs_CZ", "dedup": True},
        "slovak_hunspell": {"type": "hunspell", "locale": "sk_SK", "dedup": True},
    }
    tokenizer = {"autocomplete_tokenizer": {"type": "edge_ngram", "min_gram": 2, "max_gram": 10,
                                            "token_chars": ["letter", "digit"]}}

    def chain(*middle):
        return {"type": "custom", "tokenizer": "autocomplete_tokenizer", "char_filter": ["html_strip"],
                "filter": ["asciifolding", "min_length", *middle, "lowercase"]}

    analyzers = {
        "czech_autocomplete_hunspell_analyzer": chain("czech_stopwords", "czech_hunspell"),
        "slovak_autocomplete_hunspell_analyzer": chain("slovak_stopwords", "slovak_hunspell"),
        "general_autocomplete_hunspell_analyzer": chain(),
    }
    names = {"cs": "czech", "sk": "slovak", "en": "general"}

    def field(language):
        return {"type": "text", "analyzer": f"{names[language]}_autocomplete_hunspell_analyzer"}

    return _index({"filter": filters, "tokenizer": tokenizer, "analyzer": analyzers}, field, _ECOSELLER_TEXTS)


def ecoseller_query(text, language):
    fields = ["id^10.0", f"title.{language}^5.0", f"short_description.{language}^3.0",
              f"attribute_list.{language}^2.0"]
    return {"multi_match": {"query": text, "fields": fields, "lenient": True}}


# --- (c) plain BM25 -----------------------------------------------------------------------
def bm25_index():
    return _index({}, lambda language: {"type": "text", "analyzer": "standard"})


def bm25_query(text, language):
    fields = [f"{name}.{language}^{boost}" for name, boost in OUR_BOOSTS.items()]
    return {"multi_match": {"query": text, "fields": fields}}


ANCHORS = {
    "a": ("(a) before this change", before_index, before_query, TEXTS),
    "b": ("(b) ecoseller's chain", ecoseller_index, ecoseller_query, _ECOSELLER_TEXTS),
    "c": ("(c) plain BM25, standard analyzer", bm25_index, bm25_query, TEXTS),
}


def anchor_documents(key, documents):
    return _documents(documents, ANCHORS[key][3])
