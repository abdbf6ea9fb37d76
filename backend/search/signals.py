"""Our signal handlers keeping Elasticsearch in sync with the catalog.

Connected in SearchConfig.ready(); each one only records which products
changed (search.services.outbox), inside the write's transaction. They do
nothing when settings.ELASTIC_SYNC is off. Bulk queryset updates bypass
signals: services that use them call the outbox functions themselves.
"""
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from products.models import (
    AttributeType,
    AttributeTypeTranslation,
    AttributeValue,
    AttributeValueTranslation,
    Category,
    CategoryTranslation,
    Product,
    ProductAttribute,
    ProductTranslation,
)
from search.selectors.facet_labels import forget_facet_labels
from search.services import outbox


def product_changed(sender, instance, **kwargs):
    outbox.record_product_changes([instance.pk])


def product_part_changed(sender, instance, **kwargs):
    outbox.record_product_changes([instance.product_id])


def product_attributes_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        outbox.record_product_changes([instance.pk])
    elif pk_set:
        outbox.record_product_changes(pk_set)


def category_changed(sender, instance, **kwargs):
    outbox.record_category_change(instance.pk)


def category_translation_changed(sender, instance, **kwargs):
    outbox.record_category_change(instance.category_id)


def attribute_value_changed(sender, instance, **kwargs):
    outbox.record_attribute_value_change(instance.pk)


def attribute_value_translation_changed(sender, instance, **kwargs):
    outbox.record_attribute_value_change(instance.attribute_value_id)


def facet_names_changed(sender, **kwargs):
    """Category or attribute names feed facet labels: drop this process's cached copy."""
    forget_facet_labels(settings.SHOP_LANGUAGES)


def connect():
    uid = "search-sync"
    for model in (Category, CategoryTranslation, AttributeType, AttributeTypeTranslation,
                  AttributeValue, AttributeValueTranslation):
        for signal in (post_save, post_delete):
            signal.connect(facet_names_changed, sender=model, dispatch_uid=f"{uid}-labels-{model.__name__}")
    for signal in (post_save, post_delete):
        signal.connect(product_changed, sender=Product, dispatch_uid=f"{uid}-product")
        for model in (ProductTranslation, ProductAttribute):
            signal.connect(product_part_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}")
        signal.connect(
            category_translation_changed, sender=CategoryTranslation, dispatch_uid=f"{uid}-category-tr"
        )
        signal.connect(
            attribute_value_translation_changed, sender=AttributeValueTranslation,
            dispatch_uid=f"{uid}-value-tr",
        )
    post_save.connect(category_changed, sender=Category, dispatch_uid=f"{uid}-category")
    # Deleting a category nulls its products' category without signals: record them first.
    pre_delete.connect(category_changed, sender=Category, dispatch_uid=f"{uid}-category-delete")
    post_save.connect(attribute_value_changed, sender=AttributeValue, dispatch_uid=f"{uid}-value")
    m2m_changed.connect(
        product_attributes_changed, sender=Product.attribute_values.through, dispatch_uid=f"{uid}-m2m"
    )
