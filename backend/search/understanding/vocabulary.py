"""The catalog's own words a query may name: attribute values and categories.

Each name is keyed by its folded form and its lemmas' folded forms, as search
reads words ("červené", "cervena", "červenou" all reach "Barva: červená"). A
value named as a Czech or Slovak hard adjective ("modrá", agreeing with
barva/farba) is keyed by its other forms too: the Slovak lexicon does not know
every colour ("modré", "zelená" are lemmas of their own there), and the
relevance benchmark found "modré tričká" read as words only.
Read once per process and language, kept a minute at most and dropped at once
in the process that saves a category or attribute (search/signals.py).
"""
from dataclasses import dataclass

from common.process_cache import TimedCache
from products.models import AttributeValue, Category
from search.lexicon import query_lemmas
from search.text import fold, words

TTL_SECONDS = 60
MIN_KEY_LENGTH = 2  # sizes "S", "M", "L" are also words ("košile s límečkem")
HARD_ADJECTIVE_ENDINGS = ("á", "ý", "é", "ou", "ej", "ú", "ého", "ému", "ém", "om", "ých", "ým", "ými")
_vocabularies = TimedCache(TTL_SECONDS)


@dataclass(frozen=True)
class Term:
    kind: str   # "attribute" or "category"
    id: int
    type_id: int | None  # the attribute type (attributes only)
    label: str  # "Barva: červená", "Boty a tenisky"


def keys(word, language):
    """What a word is looked up by: its folded form and its lemmas'."""
    return {fold(word)} | {fold(lemma) for lemma in query_lemmas(word, language)}


def adjective_forms(name, language):
    """`name` and, for a cs/sk hard adjective in -á, its other forms ("modrá" -> "modré", "modrý")."""
    if language in ("cs", "sk") and len(name) > 3 and name.endswith("á"):
        return [name, *(name[:-1] + ending for ending in HARD_ADJECTIVE_ENDINGS[1:])]
    return [name]


def _add(index, word, term, language):
    for key in keys(word, language):
        if len(key) >= MIN_KEY_LENGTH and term not in index.setdefault(key, []):
            index[key].append(term)


def _load(language):
    attributes: dict[str, list] = {}
    categories: dict[str, list] = {}
    value_types: dict[int, int] = {}
    values = AttributeValue.objects.select_related("attribute_type").prefetch_related(
        "translations", "attribute_type__translations")  # in the types' order
    for value in values:
        name = value.name(language)
        value_types[value.id] = value.attribute_type_id
        term = Term("attribute", value.id, value.attribute_type_id, f"{value.attribute_type.name(language)}: {name}")
        if len(words(name)) == 1:
            for form in adjective_forms(name, language):
                _add(attributes, form, term, language)
    for category in Category.objects.prefetch_related("translations").order_by("id"):
        name = category.name(language)
        term = Term("category", category.id, None, name)
        for word in words(name):
            if len(word) >= 3:  # "a", "v": joining words of a name say nothing
                _add(categories, word, term, language)
    return {"attribute": attributes, "category": categories, "value_types": value_types}


def vocabulary(language):
    return _vocabularies.get(language, lambda: _load(language))


def forget_vocabularies(languages):
    _vocabularies.forget(*languages)
