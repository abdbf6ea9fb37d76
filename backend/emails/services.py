"""Email-related writes: back-in-stock subscriptions and notifications."""
import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.languages import is_shop_language, unknown_language
from emails import delivery
from emails.messages import BackInStockConfirmEmail, BackInStockEmail
from emails.models import BackInStockSubscription
from emails.selectors import (
    products_owing_back_in_stock_alerts,
    subscription_to_confirm,
    subscription_to_unsubscribe,
)
from products.models import Product

logger = logging.getLogger(__name__)

# A pending subscription gets at most one confirmation email this often.
CONFIRMATION_RESEND_INTERVAL = timedelta(minutes=10)


@transaction.atomic
def subscribe_back_in_stock(*, product: Product, email: str, language: str) -> BackInStockSubscription:
    """Records a pending subscription and emails its owner a confirmation link (double opt-in).

    The caller learns nothing about the address: new, pending, confirmed or
    unsubscribed, the outcome looks the same. Addresses compare
    case-insensitively. A pending one gets a new link at most every
    CONFIRMATION_RESEND_INTERVAL (no mail-bombing through the form); an
    unsubscribed or already notified one starts over and must confirm again;
    a confirmed one still waiting is left as it is.
    """
    if not is_shop_language(language):
        raise ValidationError({"language": unknown_language(language)})
    if not product.is_published:
        raise ValidationError({"product": _("This product is not available.")})
    if product.stock > 0:
        raise ValidationError({"product": _("This product is in stock; you can order it right away.")})
    subscription, created = BackInStockSubscription.objects.select_for_update().get_or_create(
        product=product, email=email.strip().lower(), defaults={"language": language}
    )
    now = timezone.now()
    waiting_confirmed = (subscription.confirmed_at is not None and subscription.unsubscribed_at is None
                         and subscription.notified_at is None)
    if waiting_confirmed:
        return subscription
    if not created and (subscription.unsubscribed_at or subscription.notified_at):
        subscription.confirmed_at = subscription.unsubscribed_at = subscription.notified_at = None
        subscription.confirmation_sent_at = None
    recently_sent = (subscription.confirmation_sent_at is not None
                     and now - subscription.confirmation_sent_at < CONFIRMATION_RESEND_INTERVAL)
    if not recently_sent:
        subscription.language = language
        subscription.confirmation_sent_at = now
        BackInStockConfirmEmail(subscription, product).send()
    subscription.save()
    return subscription


@transaction.atomic
def confirm_back_in_stock(*, token: str) -> BackInStockSubscription:
    """Confirms the pending subscription a confirm link names; InvalidToken otherwise.

    A link confirms once: used again, after an unsubscribe, or once a newer link
    was sent, it is refused ("used") and changes nothing. If the product is
    already back (restocked before the click), the alert goes out right after the
    confirmation commits.
    """
    subscription = subscription_to_confirm(token, for_update=True)
    subscription.confirmed_at = timezone.now()
    subscription.save(update_fields=["confirmed_at"])
    product_id = subscription.product_id
    transaction.on_commit(lambda: notify_back_in_stock(product_id), robust=True)
    return subscription


@transaction.atomic
def unsubscribe_back_in_stock(*, token: str) -> BackInStockSubscription:
    """Stops alerts for the subscription an unsubscribe link names (idempotent); InvalidToken otherwise."""
    subscription = subscription_to_unsubscribe(token, for_update=True)
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription


@transaction.atomic
def notify_back_in_stock(product_id: int) -> int:
    """One email to each confirmed subscriber still waiting for `product_id`, then marks them notified.

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
        .filter(product_id=product_id, notified_at__isnull=True, confirmed_at__isnull=False,
                unsubscribed_at__isnull=True)
    )
    outbound_ids = [BackInStockEmail(subscription, product).record().id for subscription in waiting]
    BackInStockSubscription.objects.filter(id__in=[s.id for s in waiting]).update(notified_at=timezone.now())
    delivery.dispatch_on_commit(outbound_ids)
    if waiting:
        logger.info("back in stock: product %s, %s subscriber(s) emailed", product_id, len(waiting))
    return len(waiting)


def notify_owed_back_in_stock() -> int:
    """The safety net of notify_back_in_stock, which runs on commit of the stock change: a
    PostgreSQL restart or a killed web process right after that commit loses the run, and
    nothing else would email the subscribers (found by make soak). Emails every confirmed
    subscriber still waiting for a published, in-stock product; returns how many."""
    return sum(notify_back_in_stock(product_id) for product_id in products_owing_back_in_stock_alerts())
