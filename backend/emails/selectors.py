"""Reads of the emails app: which subscription a back-in-stock link may still act on, and the
outbox's oldest owed email for health checks."""
from django.db.models import Min
from django.utils import timezone

from emails.models import BackInStockSubscription, OutboundEmail
from emails.tokens import CONFIRM, UNSUBSCRIBE, InvalidToken, confirmation_round, read_token


def _named_subscription(token: str, purpose: str, for_update: bool):
    subscription_id, email, issued_round = read_token(token, purpose=purpose)
    subscriptions = BackInStockSubscription.objects.select_related("product")
    if for_update:
        subscriptions = subscriptions.select_for_update(of=("self",))
    subscription = subscriptions.filter(pk=subscription_id, email=email).first()
    if subscription is None:
        raise InvalidToken("invalid")
    return subscription, issued_round


def subscription_to_confirm(token: str, *, for_update: bool = False) -> BackInStockSubscription:
    """The pending subscription a confirm link names; InvalidToken("used") once it was confirmed
    or unsubscribed, or a newer link was sent (a link works once, and never re-activates)."""
    subscription, issued_round = _named_subscription(token, CONFIRM, for_update)
    pending = subscription.confirmed_at is None and subscription.unsubscribed_at is None
    if not pending or issued_round != confirmation_round(subscription):
        raise InvalidToken("used")
    return subscription


def subscription_to_unsubscribe(token: str, *, for_update: bool = False) -> BackInStockSubscription:
    """The subscription an unsubscribe link names, whatever its state (unsubscribing is idempotent)."""
    return _named_subscription(token, UNSUBSCRIBE, for_update)[0]


def oldest_pending_email_age() -> float | None:
    """Seconds since the oldest email still owed (pending) was created; None when none is."""
    oldest = OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING).aggregate(
        at=Min("created_at"))["at"]
    return None if oldest is None else (timezone.now() - oldest).total_seconds()


def products_owing_back_in_stock_alerts() -> list[int]:
    """Published, in-stock products with confirmed subscribers still waiting: alerts owed now."""
    return list(BackInStockSubscription.objects.filter(
        notified_at__isnull=True, confirmed_at__isnull=False, unsubscribed_at__isnull=True,
        product__is_published=True, product__stock__gt=0,
    ).order_by("product_id").values_list("product_id", flat=True).distinct())
