"""Names for facet buckets (categories, attribute types and values), cached per process.

Facet counts come back as ids; their names change rarely, so they are read
once per process and language (kept a minute at most, and dropped at once in
this process when a category or attribute is saved) instead of costing
queries on every search.
"""
from common.process_cache import TimedCache
from products.models import AttributeType, AttributeValue, Category
from search.selectors.facet_filters import forget_attribute_index

TTL_SECONDS = 60
_labels = TimedCache(TTL_SECONDS)  # per language


def _load(language):
    return {
        "categories": {c.id: c.name(language) for c in Category.objects.prefetch_related("translations")},
        "types": {t.id: t.name(language) for t in AttributeType.objects.prefetch_related("translations")},
        "values": {v.id: v.name(language) for v in AttributeValue.objects.prefetch_related("translations")},
    }


def facet_labels(language):
    return _labels.get(language, lambda: _load(language))


def forget_facet_labels(languages):
    _labels.forget(*languages)
    forget_attribute_index()  # which type each value belongs to (selectors/facet_filters.py)
