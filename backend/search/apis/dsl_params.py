"""Bounds on the DSL endpoint's filter parameters, checked before the package reads them.

django-elasticsearch-dsl-drf passes filter values to Elasticsearch as they come:
an id past 64 bits or a word for a price was Elasticsearch's 400 without the
parameter's name. Here each is a 400 naming it, with the same bounds as the
search API (ids within bigint, prices within the column's 12 digits, 2 decimal
places), and the schema lists them.
"""
from django.utils.translation import gettext
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from search.serializers import MAX_QUERY_LENGTH, is_id

SEPARATOR = "__"  # the package's separator of values (`category__in=3__7`, `price__range=100__900`)
MAX_IDS = 50
PRICE = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
SKU_LENGTH = 64


def _ids(value):
    parts = value.split(SEPARATOR)
    if len(parts) > MAX_IDS or not all(is_id(part) for part in parts):
        raise ValueError(gettext("Expected up to %(count)d positive integer ids separated by '__', e.g. 3__7.")
                         % {"count": MAX_IDS})


def _id(value):
    if not is_id(value):
        raise ValueError(gettext("Expected a positive integer id."))


def _price(value):
    try:
        PRICE.run_validation(value)
    except serializers.ValidationError as error:
        raise ValueError(" ".join(str(detail) for detail in error.detail))


def _price_range(value):
    parts = value.split(SEPARATOR)
    if len(parts) != 2:
        raise ValueError(gettext("Expected two prices separated by '__', e.g. 100__900."))
    for part in parts:
        _price(part)


def _boolean(value):
    if value not in {"true", "false"}:
        raise ValueError(gettext("Expected true or false."))


def _text(limit):
    def check(value):
        if len(value) > limit:
            raise ValueError(gettext("Ensure this field has no more than %(limit)d characters.") % {"limit": limit})
    return check


CHECKS = {
    "category": (_id, "integer", "a category id (its subcategories included)"),
    "category__in": (_ids, "string", "category ids: 3__7"),
    "attribute": (_id, "integer", "an attribute value id"),
    "attribute__in": (_ids, "string", "attribute value ids: 3__7"),
    "price": (_price, "number", "an exact price"),
    "price__gte": (_price, "number", "lowest price"),
    "price__lte": (_price, "number", "highest price"),
    "price__range": (_price_range, "string", "lowest and highest price: 100__900"),
    "in_stock": (_boolean, "boolean", "true or false"),
    "sku": (_text(SKU_LENGTH), "string", "an exact SKU"),
}


def completion_check(name):
    """`title_<lang>__completion`: a beginning of a title, as long as a query at most."""
    if name.endswith("__completion"):
        return _text(MAX_QUERY_LENGTH)
    return None


class BoundedFilterParamsBackend(BaseFilterBackend):
    """Rejects out-of-bounds filter values (400 naming the parameter); leaves the query alone."""

    def filter_queryset(self, request, queryset, view):
        errors = {}
        for name in request.query_params:
            check = CHECKS[name][0] if name in CHECKS else completion_check(name)
            if check is None:
                continue
            for value in request.query_params.getlist(name):
                try:
                    check(value.strip())
                except ValueError as error:
                    errors[name] = [str(error)]
        if errors:
            raise ValidationError(errors)
        return queryset

    def get_schema_operation_parameters(self, view):
        types = {"integer": {"type": "integer", "minimum": 1}, "number": {"type": "number", "minimum": 0},
                 "boolean": {"type": "boolean"}, "string": {"type": "string"}}
        return [{"name": name, "in": "query", "required": False, "schema": types[kind], "description": about}
                for name, (_check, kind, about) in CHECKS.items()]
