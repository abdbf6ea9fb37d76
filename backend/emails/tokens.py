"""Signed tokens in back-in-stock links: confirm (expiring) and unsubscribe.

`django.core.signing` with a salt per purpose, so a confirm token can never
unsubscribe and the other way round. A token names the subscription and its
address: it stops working if the row is gone or now holds another address.
"""
from django.conf import settings
from django.core import signing

CONFIRM = "emails.back_in_stock.confirm"
UNSUBSCRIBE = "emails.back_in_stock.unsubscribe"


class InvalidToken(ValueError):
    """A link that was tampered with, expired, or made for another purpose."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "expired" or "invalid"


def make_token(subscription, *, purpose: str) -> str:
    return signing.dumps([subscription.id, subscription.email], salt=purpose)


def read_token(token: str, *, purpose: str) -> tuple[int, str]:
    """(subscription id, email); InvalidToken otherwise. Confirm tokens expire
    after BACK_IN_STOCK_CONFIRM_MAX_AGE seconds, unsubscribe tokens never."""
    max_age = settings.BACK_IN_STOCK_CONFIRM_MAX_AGE if purpose == CONFIRM else None
    try:
        subscription_id, email = signing.loads(token, salt=purpose, max_age=max_age)
    except signing.SignatureExpired:
        raise InvalidToken("expired")
    except (signing.BadSignature, TypeError, ValueError):
        raise InvalidToken("invalid")
    if not isinstance(subscription_id, int) or not isinstance(email, str):
        raise InvalidToken("invalid")
    return subscription_id, email
