"""Prices and counts as the shopper's language writes them, the same way on every page.

The number comes from Django's localisation (the active language's separators and
grouping), the currency's place and symbol from the catalogue ("CZK %(amount)s": Czech
writes "7 689,00 Kč"). The search page's script does the same with Intl.NumberFormat and
the same catalogue (static/storefront/messages.js); a browser test compares the two."""
from decimal import Decimal

from django.utils import formats
from django.utils.translation import pgettext


def format_number(value, decimal_pos: int | None = None) -> str:
    return formats.number_format(value, decimal_pos=decimal_pos, use_l10n=True, force_grouping=True)


def format_price(amount) -> str:
    number = format_number(Decimal(str(amount)), decimal_pos=2)
    # Translators: a price in Czech crowns; %(amount)s is the number, already written your way.
    return pgettext("price", "CZK %(amount)s") % {"amount": number}
