"""What the catalog announces to the apps above it (search keeps its index, emails notify).

Model signals (post_save, post_delete, m2m_changed) announce single writes;
`products_changed` announces the writes that bypass them: queryset updates of
many products at once (publishing, unpublishing) and explicit reindex
requests. It is sent inside the write's transaction, so what a receiver
records commits or rolls back with the write.
"""
from django.dispatch import Signal

# Sent with product_ids: the ids of the products whose data changed.
products_changed = Signal()
