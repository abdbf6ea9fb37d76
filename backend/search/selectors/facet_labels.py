"""Names for facet buckets (categories, attribute values), cached per process.

Facet counts come back as ids; their names change rarely, so they are read
once per process and language (kept a minute at most, and dropped at once in
this process when a category or attribute is saved) instead of costing
queries on every search.
"""
from common.process_cache import TimedCache
from products.models import AttributeValue, Category

TTL_SECONDS = 60
_labels = TimedCache(TTL_SECONDS)  # per language


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
    return _labels.get(language, lambda: _load(language))


def forget_facet_labels(languages):
    _labels.forget(*languages)
