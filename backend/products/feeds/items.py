"""What every reader yields: one FeedItem per product, or a BadItem saying why not.

The checks every format shares live here (an id, a price, the shop's currency, lengths),
so a bad item is reported with its position and reason whichever format it came from.
"""
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings

from products.feeds.html_text import html_to_text

MAX_SKU = 64
MAX_TITLE = 255
MAX_NAME = 100
MAX_CATEGORY = 200
MAX_URL = 1000
MAX_EAN = 14


@dataclass
class FeedItem:
    position: int
    sku: str
    language: str
    title: str
    price: Decimal
    in_stock: bool
    description: str = ""
    category_path: list[str] = field(default_factory=list)
    params: list[tuple[str, str]] = field(default_factory=list)
    ean: str = ""
    image_url: str = ""
    url: str = ""


@dataclass
class BadItem:
    position: int
    sku: str
    reason: str


class ItemError(ValueError):
    """Raised by a reader's field parsing; becomes a BadItem."""


def text(value: str | None) -> str:
    return " ".join((value or "").split())


def required(value: str | None, name: str, limit: int) -> str:
    value = text(value)
    if not value:
        raise ItemError(f"no {name}")
    return limited(value, name, limit)


def limited(value: str, name: str, limit: int) -> str:
    if len(value) > limit:
        raise ItemError(f"{name} too long ({len(value)} characters, at most {limit})")
    return value


def price(value: str | None, name: str = "price") -> Decimal:
    """ "1 299,50", "1299.50", "1299.50 CZK" (the currency, when written, must be the shop's)."""
    raw = text(value)
    if not raw:
        raise ItemError(f"no {name}")
    parts = raw.rsplit(" ", 1)
    if len(parts) == 2 and parts[1].isalpha():
        raw, currency = parts
        if currency.upper() != settings.SHOP_CURRENCY:
            raise ItemError(f"unknown currency {currency!r} (the shop sells in {settings.SHOP_CURRENCY})")
    number = raw.replace(" ", "").replace("\u00a0", "").replace(",", ".")
    try:
        amount = Decimal(number)
    except InvalidOperation:
        raise ItemError(f"bad {name} {text(value)!r}") from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
        raise ItemError(f"bad {name} {text(value)!r}")
    return amount.quantize(Decimal("0.01"))


def description(html: str | None) -> str:
    return html_to_text(html or "")


def category_path(value: str | None, separator: str) -> list[str]:
    names = [text(part) for part in (value or "").split(separator)]
    return [limited(name, "category name", MAX_CATEGORY) for name in names if name]


def param(name: str | None, value: str | None) -> tuple[str, str] | None:
    name, value = text(name), text(value)
    if not name or not value:
        return None
    return limited(name, "parameter name", MAX_NAME), limited(value, "parameter value", MAX_NAME)


def url(value: str | None, name: str) -> str:
    value = text(value)
    if value and not value.lower().startswith(("http://", "https://")):
        raise ItemError(f"{name} is not an http(s) URL")
    return limited(value, name, MAX_URL)


def ean(value: str | None) -> str:
    value = text(value)
    if value and (not value.isdigit() or len(value) > MAX_EAN):
        raise ItemError(f"bad EAN {value!r}")
    return value
