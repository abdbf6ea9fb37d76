"""Names for facet buckets (categories, attribute values), cached per process.

Facet counts come back as ids; their names change rarely, so they are read
once into Django's cache (a minute at most, and dropped at once in this
process when a category or attribute is saved) instead of costing queries on
every search.
"""
from django.core.cache import cache

from products.models import AttributeValue, Category

CACHE_KEY = "search:facet-labels:{language}"
TTL_SECONDS = 60


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
    key = CACHE_KEY.format(language=language)
    labels = cache.get(key)
    if labels is None:
        labels = _load(language)
        cache.set(key, labels, TTL_SECONDS)
    return labels


def forget_facet_labels(languages):
    cache.delete_many([CACHE_KEY.format(language=language) for language in languages])
