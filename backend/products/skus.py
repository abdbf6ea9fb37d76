"""What a SKU may hold, and the messages staff see (admin, staff API) when it may not.

A SKU is typed, pasted and printed on labels: a control character (Cc: NUL, ESC, tab...),
a format one (Cf: zero-width space, right-to-left override, BOM) or a lone surrogate (Cs)
makes two SKUs look alike, breaks logs and exports, or (NUL) cannot be stored at all.
Letter case is not part of a SKU either: the unique index is on UPPER(sku) (models.Product).
"""
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

REFUSED_CATEGORIES = {"Cc", "Cf", "Cs"}


def invisible_characters(sku: str) -> list[str]:
    """The refused characters in `sku` as code points (U+001B), in order, each once."""
    found = [f"U+{ord(char):04X}" for char in sku if unicodedata.category(char) in REFUSED_CATEGORIES]
    return list(dict.fromkeys(found))


def invisible_characters_message(sku: str) -> str | None:
    found = invisible_characters(sku)
    if not found:
        return None
    return _("A SKU may not contain control or invisible characters (found %(found)s).") % {
        "found": ", ".join(found)}


def validate_sku_characters(value: str) -> None:
    """Model field validator (the admin's form runs it)."""
    message = invisible_characters_message(value or "")
    if message:
        raise ValidationError(message, code="invisible_characters")


def taken_message(sku: str, existing: str) -> str:
    """`existing` is the SKU as stored: the same, or the same in another letter case."""
    if sku == existing:
        return _("A product with SKU '%(sku)s' already exists.") % {"sku": existing}
    return _("A product with SKU '%(sku)s' already exists (SKUs ignore letter case).") % {"sku": existing}
