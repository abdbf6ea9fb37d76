"""What the catalog announces to the apps above it (search keeps its index, emails notify).

Model signals (post_save, post_delete, m2m_changed) announce single writes;
`products_changed` announces the writes that bypass them: queryset updates of
many products at once (publishing, unpublishing) and explicit reindex
requests. It is sent inside the write's transaction, so what a receiver
records commits or rolls back with the write.
"""
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from products.category_tree import forget_category_tree
from products.models import Category, CategoryTranslation

# Sent with product_ids: the ids of the products whose data changed.
products_changed = Signal()


def connect():
    """Products' own receivers: the cached category tree follows category edits."""
    for model in (Category, CategoryTranslation):
        for signal in (post_save, post_delete):
            signal.connect(forget_category_tree, sender=model, dispatch_uid=f"products-tree-{model.__name__}")
