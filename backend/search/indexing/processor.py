"""The signal processor django-elasticsearch-dsl runs (ELASTICSEARCH_DSL_SIGNAL_PROCESSOR).

The library's own processors write to Elasticsearch inside the request; ours
only records which products changed (outbox.py) in the write's transaction,
and the sync applies them after commit. What it listens to is what
search/documents.py declares feeds the document: saves and deletes of
`Django.model`, saves and deletes of every `Django.related_models` model
(mapped to products by `products_fed_by`, before a delete as the library does,
while the relation still exists), the attribute assignments' m2m changes, and
`products.signals.products_changed` (bulk writes, reindex requests). It does
nothing while settings.ELASTIC_SYNC is off. The library's own index updates
(ELASTICSEARCH_DSL_AUTOSYNC) stay off.
"""
from collections.abc import Callable

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import Signal
from django_elasticsearch_dsl.signals import BaseSignalProcessor

from products.signals import products_changed
from search.documents import ProductDocument, products_fed_by
from search.indexing import outbox

UID = "search-indexing"
DOCUMENT_MODEL = ProductDocument.django.model


def _product_changed(sender, instance, **kwargs):
    outbox.record_product_changes([instance.pk])


def _related_row_changed(sender, instance, **kwargs):
    outbox.record_products(products_fed_by(instance))


def _products_changed(sender, product_ids, **kwargs):
    outbox.record_product_changes(product_ids)


def _attributes_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """product.attribute_values.add()/remove()/clear() (or the reverse side's): no row signals."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        outbox.record_product_changes([instance.pk])
    elif pk_set:
        outbox.record_product_changes(pk_set)


def connections() -> list[tuple[Signal, Callable[..., None], type]]:
    """(signal, receiver, sender): everything that changes what a product's document holds."""
    found: list[tuple[Signal, Callable[..., None], type]] = [
        (post_save, _product_changed, DOCUMENT_MODEL),
        (post_delete, _product_changed, DOCUMENT_MODEL),
    ]
    for model in ProductDocument.django.related_models:
        # Before a delete: deleting a category nulls its products' category without signals.
        found += [(post_save, _related_row_changed, model), (pre_delete, _related_row_changed, model)]
    found += [
        (m2m_changed, _attributes_changed, DOCUMENT_MODEL.attribute_values.through),
        (products_changed, _products_changed, DOCUMENT_MODEL),
    ]
    return found


class OutboxSignalProcessor(BaseSignalProcessor):
    def setup(self):
        for position, (signal, receiver, sender) in enumerate(connections()):
            signal.connect(receiver, sender=sender, dispatch_uid=f"{UID}-{position}")

    def teardown(self):
        for position, (signal, receiver, sender) in enumerate(connections()):
            signal.disconnect(receiver, sender=sender, dispatch_uid=f"{UID}-{position}")
