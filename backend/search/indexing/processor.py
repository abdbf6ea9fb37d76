"""The signal processor django-elasticsearch-dsl runs (ELASTICSEARCH_DSL_SIGNAL_PROCESSOR).

The library's own processors write to Elasticsearch inside the request; ours
only records which products changed (outbox.py) in the write's transaction,
and the sync applies them after commit. It listens to the catalog's model
signals and to `products.signals.products_changed` (bulk writes, reindex
requests), and does nothing while settings.ELASTIC_SYNC is off. The library's
own index updates (ELASTICSEARCH_DSL_AUTOSYNC) stay off.
"""
from collections.abc import Callable

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import Signal
from django_elasticsearch_dsl.signals import BaseSignalProcessor

from products.models import (
    AttributeValue,
    AttributeValueTranslation,
    Category,
    CategoryTranslation,
    Product,
    ProductAttribute,
    ProductTranslation,
)
from products.signals import products_changed
from search.indexing import outbox

UID = "search-indexing"


def _product_saved(sender, instance, **kwargs):
    outbox.record_product_changes([instance.pk])


def _product_part_saved(sender, instance, **kwargs):
    outbox.record_product_changes([instance.product_id])


def _products_changed(sender, product_ids, **kwargs):
    outbox.record_product_changes(product_ids)


def _attributes_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        outbox.record_product_changes([instance.pk])
    elif pk_set:
        outbox.record_product_changes(pk_set)


def _category_changed(sender, instance, **kwargs):
    outbox.record_category_change(instance.pk)


def _category_translation_changed(sender, instance, **kwargs):
    outbox.record_category_change(instance.category_id)


def _attribute_value_changed(sender, instance, **kwargs):
    outbox.record_attribute_value_change(instance.pk)


def _attribute_value_translation_changed(sender, instance, **kwargs):
    outbox.record_attribute_value_change(instance.attribute_value_id)


# (signal, receiver, sender): everything that changes what a product's document holds.
CONNECTIONS: list[tuple[Signal, Callable[..., None], type]] = [
    *[(signal, _product_saved, Product) for signal in (post_save, post_delete)],
    *[(signal, _product_part_saved, model) for signal in (post_save, post_delete)
      for model in (ProductTranslation, ProductAttribute)],
    *[(signal, _category_translation_changed, CategoryTranslation) for signal in (post_save, post_delete)],
    *[(signal, _attribute_value_translation_changed, AttributeValueTranslation)
      for signal in (post_save, post_delete)],
    (post_save, _category_changed, Category),
    # Deleting a category nulls its products' category without signals: record them first.
    (pre_delete, _category_changed, Category),
    (post_save, _attribute_value_changed, AttributeValue),
    (m2m_changed, _attributes_changed, Product.attribute_values.through),
    (products_changed, _products_changed, Product),
]


class OutboxSignalProcessor(BaseSignalProcessor):
    def setup(self):
        for position, (signal, receiver, sender) in enumerate(CONNECTIONS):
            signal.connect(receiver, sender=sender, dispatch_uid=f"{UID}-{position}")

    def teardown(self):
        for position, (signal, receiver, sender) in enumerate(CONNECTIONS):
            signal.disconnect(receiver, sender=sender, dispatch_uid=f"{UID}-{position}")

    # The library calls these only from its own processors; ours records instead of indexing.
    def handle_save(self, sender, instance, **kwargs):
        _product_saved(sender, instance)

    def handle_delete(self, sender, instance, **kwargs):
        _product_saved(sender, instance)
