"""The emails the shop sends to customers: back-in-stock confirmation and alert.

Links point at storefront pages (storefront/urls.py; a test keeps both in step):
<SHOP_BASE_URL>/products/<id>/, /back-in-stock/confirm/<token>/ and
/back-in-stock/unsubscribe/<token>/, each with ?lang= so the page speaks the
subscriber's language even when the token is no longer valid.
"""
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext, gettext_noop

from emails.base import Email
from emails.tokens import CONFIRM, UNSUBSCRIBE, make_token


def _shop_url(path, language=None):
    query = f"?{urlencode({'lang': language})}" if language else ""
    return f"{settings.SHOP_BASE_URL}{path}{query}"


def product_url(product_id, language=None):
    return _shop_url(f"/products/{product_id}/", language)


def confirm_url(subscription):
    return _shop_url(f"/back-in-stock/confirm/{make_token(subscription, purpose=CONFIRM)}/",
                     subscription.language)


def unsubscribe_url(subscription):
    return _shop_url(f"/back-in-stock/unsubscribe/{make_token(subscription, purpose=UNSUBSCRIBE)}/",
                     subscription.language)


class _SubscriptionEmail(Email):
    subject = gettext_noop("%(title)s is back in stock")

    def __init__(self, subscription, product):
        self.recipient_list = [subscription.email]
        self.language = subscription.language
        self.subscription = subscription
        self.product = product

    def get_subject(self):
        """Rendered in the recipient's language (Email.render activates it)."""
        return gettext(self.subject) % {"title": self.product.title(self.get_language())}

    def get_context(self):
        return {
            "title": self.product.title(self.get_language()),
            "url": product_url(self.product.id, self.get_language()),
            "price": self.product.price,
        }


class BackInStockConfirmEmail(_SubscriptionEmail):
    """Double opt-in: nothing is sent to the address until its owner follows this link."""

    template_name = "back_in_stock_confirm"
    subject = gettext_noop("Confirm your alert: %(title)s")

    def get_context(self):
        hours = settings.BACK_IN_STOCK_CONFIRM_MAX_AGE // 3600
        return {**super().get_context(), "confirm_url": confirm_url(self.subscription), "hours": hours}


class BackInStockEmail(_SubscriptionEmail):
    """To one confirmed subscriber, in the language they subscribed in, with a one-click unsubscribe."""

    template_name = "back_in_stock"

    def get_context(self):
        return {**super().get_context(), "unsubscribe_url": unsubscribe_url(self.subscription)}

    def get_headers(self):
        # RFC 8058: mail clients may POST to the link to unsubscribe in one click.
        return {"List-Unsubscribe": f"<{unsubscribe_url(self.subscription)}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
