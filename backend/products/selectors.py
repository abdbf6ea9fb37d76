"""Catalog reads for the public and the staff API, and for search results.

Every public selector starts from `published_products()` and is wrapped in
`@published_only` (or, for the one raw SQL read, filters on is_published in
its statement), so no view, whichever it is and however it filters, can show
a shopper an unpublished product. Staff selectors see everything.
"""
from functools import wraps

from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from products.models import Category, CategoryTranslation, Product, ProductAttribute, ProductTranslation
from products.translations import translated_column_sql, translation_params


def published_products() -> QuerySet:
    """The base queryset of every public read."""
    return Product.objects.filter(is_published=True)


def published_ids(product_ids) -> set[int]:
    """Which of `product_ids` are published now: one primary-key lookup, for answers
    built from the search index, which may lag behind an unpublish."""
    return set(published_products().filter(id__in=list(product_ids)).values_list("id", flat=True))


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


def with_relations(products: QuerySet) -> QuerySet:
    """Everything the product serializers read, in a constant number of queries."""
    attributes = ProductAttribute.objects.select_related("attribute_value__attribute_type").prefetch_related(
        "attribute_value__translations", "attribute_value__attribute_type__translations"
    ).order_by("attribute_value__attribute_type__code", "attribute_value__code")
    return products.select_related("category").prefetch_related(
        "translations", "category__translations", Prefetch("product_attributes", queryset=attributes)
    )


@published_only
def public_product_list() -> QuerySet:
    return with_relations(published_products()).order_by("-created_at", "id")


@published_only
def public_product_get(product_id: int) -> Product:
    """The published product `product_id`; Http404 (a JSON 404 in the API) otherwise."""
    return get_object_or_404(with_relations(published_products()), pk=product_id)


@published_only
def public_product_ref(product_id: int) -> Product:
    """The published product `product_id` without its relations (id, category, price); Http404 otherwise."""
    return get_object_or_404(published_products().only("id", "category_id", "price", "is_published"), pk=product_id)


def _text(table, owner_column, owner, field):
    return f"COALESCE({translated_column_sql(table, owner_column, owner, field)}, '')"


# One statement for a whole page of results, texts picked per language in SQL.
# Also read inside search's one statement per results page (search/selectors/unlisted.py).
RESULT_ROWS_SQL = f"""
SELECT p.id, p.sku, p.price, p.stock, p.created_at, p.category_id,
  {_text(ProductTranslation._meta.db_table, "product_id", "p.id", "title")} AS title,
  {_text(ProductTranslation._meta.db_table, "product_id", "p.id", "short_description")} AS short_description,
  COALESCE({translated_column_sql(CategoryTranslation._meta.db_table, "category_id", "p.category_id", "name")},
           c.slug) AS category_name
FROM {Product._meta.db_table} p
LEFT JOIN {Category._meta.db_table} c ON c.id = p.category_id
WHERE p.id = ANY(%(ids)s) AND p.is_published
"""


# Suggest's previews: what a preview row shows (id, title, price, stock), nothing more. The
# results statement's descriptions and category names were a third of the bytes read.
_PREVIEW_ROWS_SQL = f"""
SELECT p.id, p.price, p.stock,
  {_text(ProductTranslation._meta.db_table, "product_id", "p.id", "title")} AS title
FROM {Product._meta.db_table} p
WHERE p.id = ANY(%(ids)s) AND p.is_published
"""


def _rows(sql: str, product_ids: list[int], language: str | None) -> list[dict]:
    if not product_ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, result_rows_params(product_ids, language))
        columns = [column.name for column in cursor.description]
        return rows_in_order(product_ids, columns, cursor.fetchall())


def published_product_rows(product_ids: list[int], *, language: str | None = None) -> list[dict]:
    """Published products for `product_ids` as plain rows (dicts), in that order: one query.

    A search page shows a few fields of each product: reading them in one
    statement into plain rows costs a fraction of building model instances with
    prefetched translations. A product unpublished after it was indexed is
    simply left out.
    """
    return _rows(RESULT_ROWS_SQL, product_ids, language)


def published_product_previews(product_ids: list[int], *, language: str | None = None) -> list[dict]:
    """Like published_product_rows, with only id, title, price and stock (suggest's previews)."""
    return _rows(_PREVIEW_ROWS_SQL, product_ids, language)


def result_rows_params(product_ids, language: str | None) -> dict:
    return {"ids": list(product_ids), **translation_params(language)}


def rows_in_order(product_ids, columns, fetched) -> list[dict]:
    """A rows statement's rows as dicts, in the order of `product_ids` (those found)."""
    by_id = {row[0]: dict(zip(columns, row)) for row in fetched}
    return [by_id[product_id] for product_id in product_ids if product_id in by_id]


def staff_product_list() -> QuerySet:
    return with_relations(Product.objects.all()).order_by("-created_at", "id")


def staff_product_get(product_id: int) -> Product:
    return get_object_or_404(with_relations(Product.objects.all()), pk=product_id)
