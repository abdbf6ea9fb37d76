"""Every attribute value with its type and names, loaded once per batch.

Products share a few hundred attribute values; reading them once (three
queries) instead of prefetching them for every product keeps document
building cheap: a product then only needs its assignment ids.
"""
from functools import lru_cache

from products.models import AttributeValue


class AttributeCatalog:
    def __init__(self):
        self._values = {
            value.id: value
            for value in AttributeValue.objects.select_related("attribute_type").prefetch_related("translations")
        }
        self.name = lru_cache(maxsize=None)(self._name)

    def _name(self, value_id, language):
        value = self._values.get(value_id)
        return value.name(language) if value else ""

    def code(self, value_id):
        value = self._values.get(value_id)
        return f"{value.attribute_type.code}:{value.code}" if value else ""
