"""The PostgreSQL full-text vector of each translation, kept by a trigger (migration 0002).

Products owns the column and its rule; a search that reads it (the
PostgreSQL fallback) asks here which text-search configuration a language's
vector was built with, so its queries are parsed the same way.
"""

# PostgreSQL has an `english` configuration; Czech and Slovak have none, so `simple`.
TEXT_SEARCH_CONFIGS = {"en": "english"}
DEFAULT_CONFIG = "simple"


def text_search_config(language: str) -> str:
    return TEXT_SEARCH_CONFIGS.get(language, DEFAULT_CONFIG)


def stems_words(language: str) -> bool:
    """Whether the configuration reduces words to stems itself (otherwise words stay as written)."""
    return language in TEXT_SEARCH_CONFIGS
