"""Email-related writes: back-in-stock subscriptions and notifications."""
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.languages import is_shop_language, unknown_language
from emails import delivery
from emails.messages import BackInStockEmail
from emails.models import BackInStockSubscription
from products.models import Product

logger = logging.getLogger(__name__)


@transaction.atomic
def subscribe_back_in_stock(*, product: Product, email: str, language: str) -> tuple[BackInStockSubscription, bool]:
    """Returns (subscription, created); `created` is False when the address already waits.

    Addresses are compared case-insensitively. A subscription that was already
    notified is re-armed (counts as created): the product sold out again.
    """
    if not is_shop_language(language):
        raise ValidationError({"language": unknown_language(language)})
    if not product.is_published:
        raise ValidationError({"product": "This product is not available."})
    if product.stock > 0:
        raise ValidationError({"product": "This product is in stock; you can order it right away."})
    subscription, created = BackInStockSubscription.objects.get_or_create(
        product=product, email=email.strip().lower(), defaults={"language": language}
    )
    if not created and subscription.notified_at is not None:
        subscription.notified_at, subscription.language = None, language
        subscription.save(update_fields=["notified_at", "language"])
        created = True
    return subscription, created


@transaction.atomic
def notify_back_in_stock(product_id: int) -> int:
    """One email to each subscriber still waiting for `product_id`, then marks them notified.

    Runs on commit of the save that brought the product back in stock. Rows are
    locked and marked in the same transaction as their outbox emails, so two
    concurrent runs cannot email anyone twice. An unpublished product emails
    nobody (the link would not work); its subscribers keep waiting.
    """
    product = Product.objects.prefetch_related("translations").filter(pk=product_id).first()
    if product is None or not product.in_stock or not product.is_published:
        return 0
    waiting = list(
        BackInStockSubscription.objects.select_for_update(skip_locked=True)
        .filter(product_id=product_id, notified_at__isnull=True)
    )
    outbound_ids = [BackInStockEmail(subscription, product).record().id for subscription in waiting]
    BackInStockSubscription.objects.filter(id__in=[s.id for s in waiting]).update(notified_at=timezone.now())
    delivery.dispatch_on_commit(outbound_ids)
    if waiting:
        logger.info("back in stock: product %s, %s subscriber(s) emailed", product_id, len(waiting))
    return len(waiting)
