"""`{{ amount|price }}` and `{{ count|number }}`: in the active language (storefront/money.py)."""
from django import template

from storefront.money import format_number, format_price

register = template.Library()


@register.filter
def price(amount) -> str:
    return format_price(amount)


@register.filter
def number(value) -> str:
    return format_number(value)
