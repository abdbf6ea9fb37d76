"""Names for facet buckets (categories, attribute values), cached per process.

Facet counts come back as ids; their names change rarely, so they are read
once per process and language (kept a minute at most, and dropped at once in
this process when a category or attribute is saved) instead of costing
queries on every search. A plain dict, not Django's local-memory cache: that
one pickles, and unpickling every label on every search cost more than the
facets themselves.
"""
import time

from products.models import AttributeValue, Category

TTL_SECONDS = 60
_labels = {}  # language -> (read at, labels)


def _load(language):
    categories = {c.id: c.name(language) for c in Category.objects.prefetch_related("translations")}
    values = {
        value.id: f"{value.attribute_type.name(language)}: {value.name(language)}"
        for value in AttributeValue.objects.select_related("attribute_type").prefetch_related(
            "translations", "attribute_type__translations"
        )
    }
    return {"categories": categories, "attributes": values}


def facet_labels(language):
    now = time.monotonic()
    cached = _labels.get(language)
    if cached is None or now - cached[0] > TTL_SECONDS:
        cached = _labels[language] = (now, _load(language))
    return cached[1]


def forget_facet_labels(languages):
    for language in languages:
        _labels.pop(language, None)
