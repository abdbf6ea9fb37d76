"""Search's own signal handlers, connected in SearchConfig.ready().

Indexing is not here: it is the signal processor of search/indexing/. This
keeps the facet labels each process caches in step with category and
attribute names.
"""
from django.db.models.signals import post_delete, post_save

from common.languages import shop_languages
from products.models import (
    AttributeType,
    AttributeTypeTranslation,
    AttributeValue,
    AttributeValueTranslation,
    Category,
    CategoryTranslation,
)
from search.selectors.facet_labels import forget_facet_labels


def facet_names_changed(sender, **kwargs):
    """Category or attribute names feed facet labels: drop this process's cached copy."""
    forget_facet_labels(shop_languages())


def connect():
    for model in (Category, CategoryTranslation, AttributeType, AttributeTypeTranslation,
                  AttributeValue, AttributeValueTranslation):
        for signal in (post_save, post_delete):
            signal.connect(facet_names_changed, sender=model, dispatch_uid=f"search-labels-{model.__name__}")
