"""The emails the shop sends to customers: back in stock."""
from django.conf import settings

from emails.base import Email

BACK_IN_STOCK_SUBJECTS = {
    "cs": "{title} je opět skladem",
    "sk": "{title} je opäť na sklade",
    "en": "{title} is back in stock",
}


def product_url(product_id):
    return f"{settings.SHOP_BASE_URL}/products/{product_id}/"


class BackInStockEmail(Email):
    """To one subscriber, in the language they subscribed in."""

    template_name = "back_in_stock"

    def __init__(self, subscription, product):
        self.recipient_list = [subscription.email]
        self.language = subscription.language
        self.product = product

    def get_subject(self):
        template = BACK_IN_STOCK_SUBJECTS.get(self.get_language(), BACK_IN_STOCK_SUBJECTS["en"])
        return template.format(title=self.product.title(self.get_language()))

    def get_context(self):
        return {
            "title": self.product.title(self.get_language()),
            "url": product_url(self.product.id),
            "price": self.product.price,
        }
