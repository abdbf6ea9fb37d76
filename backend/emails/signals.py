"""Noticing a product coming back in stock, for back-in-stock emails.

pre_save remembers the stock stored in PostgreSQL; post_save compares and, on
a 0 -> more transition, asks for the subscribers to be emailed once the
write commits (a rolled-back save emails nobody). Connected in
EmailsConfig.ready(). Bulk queryset updates send no signals and so send no
emails: change stock through save() (admin, staff API, services).
"""
from django.db import transaction
from django.db.models.signals import post_save, pre_save

from products.models import Product


def remember_previous_stock(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._previous_stock = None
        return
    instance._previous_stock = (
        Product.objects.filter(pk=instance.pk).values_list("stock", flat=True).first()
    )


def notify_when_back_in_stock(sender, instance, created, raw=False, **kwargs):
    previous = getattr(instance, "_previous_stock", None)
    if raw or created or previous != 0 or instance.stock <= 0:
        return
    from emails.services import notify_back_in_stock

    product_id = instance.pk
    transaction.on_commit(lambda: notify_back_in_stock(product_id), robust=True)


def connect():
    pre_save.connect(remember_previous_stock, sender=Product, dispatch_uid="emails-previous-stock")
    post_save.connect(notify_when_back_in_stock, sender=Product, dispatch_uid="emails-back-in-stock")
