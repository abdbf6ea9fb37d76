"""Catalog reads for the public and the staff API.

Every public selector starts from `published_products()` and is wrapped in
`@published_only`, so no view, whichever it is and however it filters, can
show a shopper an unpublished product. Staff selectors see everything.
"""
from functools import wraps

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from products.models import Product, ProductAttribute


def published_products():
    """The base queryset of every public read."""
    return Product.objects.filter(is_published=True)


def published_only(selector):
    """Re-applies the published restriction to what a public selector returns."""

    @wraps(selector)
    def wrapper(*args, **kwargs):
        result = selector(*args, **kwargs)
        if isinstance(result, QuerySet):
            return result.filter(is_published=True)
        if isinstance(result, Product) and not result.is_published:
            raise Http404("No such product.")
        return result

    return wrapper


def with_relations(products):
    """Everything the product serializers read, in a constant number of queries."""
    attributes = ProductAttribute.objects.select_related("attribute_value__attribute_type").prefetch_related(
        "attribute_value__translations", "attribute_value__attribute_type__translations"
    ).order_by("attribute_value__attribute_type__code", "attribute_value__code")
    return products.select_related("category").prefetch_related(
        "translations", "category__translations", Prefetch("product_attributes", queryset=attributes)
    )


@published_only
def public_product_list():
    return with_relations(published_products()).order_by("-created_at", "id")


@published_only
def public_product_get(product_id):
    """The published product `product_id`; Http404 (a JSON 404 in the API) otherwise."""
    return get_object_or_404(with_relations(published_products()), pk=product_id)


def staff_product_list():
    return with_relations(Product.objects.all()).order_by("-created_at", "id")


def staff_product_get(product_id):
    return get_object_or_404(with_relations(Product.objects.all()), pk=product_id)
