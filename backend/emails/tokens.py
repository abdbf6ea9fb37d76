"""Signed tokens in back-in-stock links: confirm (expiring, single-use) and unsubscribe.

`django.core.signing` with a salt per purpose, so a confirm token can never
unsubscribe and the other way round. A token names the subscription and its
address: it stops working if the row is gone or now holds another address. A
confirm token also names the confirmation email it came in (the subscription's
`confirmation_sent_at`), so it works once, for that round only: not after the
subscription was confirmed or unsubscribed, nor once a newer link was sent.
"""
from datetime import datetime, timedelta, timezone

from django.conf import settings
from django.core import signing

CONFIRM = "emails.back_in_stock.confirm"
UNSUBSCRIBE = "emails.back_in_stock.unsubscribe"
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


class InvalidToken(ValueError):
    """A link that was tampered with, expired, used, or made for another purpose."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "expired", "used" or "invalid"


def confirmation_round(subscription) -> int | None:
    """The confirmation email a confirm token belongs to, as microseconds since the epoch."""
    sent_at = subscription.confirmation_sent_at
    return None if sent_at is None else (sent_at - EPOCH) // timedelta(microseconds=1)


def make_token(subscription, *, purpose: str) -> str:
    payload = [subscription.id, subscription.email]
    if purpose == CONFIRM:
        payload.append(confirmation_round(subscription))
    return signing.dumps(payload, salt=purpose)


def read_token(token: str, *, purpose: str) -> tuple[int, str, int | None]:
    """(subscription id, email, confirmation round; None for unsubscribe); InvalidToken otherwise.
    Confirm tokens expire after BACK_IN_STOCK_CONFIRM_MAX_AGE seconds, unsubscribe tokens never."""
    max_age = settings.BACK_IN_STOCK_CONFIRM_MAX_AGE if purpose == CONFIRM else None
    try:
        payload = signing.loads(token, salt=purpose, max_age=max_age)
    except signing.SignatureExpired:
        raise InvalidToken("expired")
    except (signing.BadSignature, TypeError, ValueError):
        raise InvalidToken("invalid")
    size = 3 if purpose == CONFIRM else 2
    if not isinstance(payload, list) or len(payload) != size:
        raise InvalidToken("invalid")
    subscription_id, email, *rest = payload
    if not isinstance(subscription_id, int) or not isinstance(email, str):
        raise InvalidToken("invalid")
    return subscription_id, email, (rest[0] if rest else None)
