"""Loading the products a search found, from PostgreSQL, in the search's order."""
from django.db.models import Prefetch

from products.models import CategoryTranslation, Product, ProductTranslation
from products.translations import languages_with_fallback


def published_products_in_order(product_ids, language=None):
    """Published products for `product_ids`, in that order; 3 queries however many ids.

    Only what a result shows is read: translations in `language` and the
    fallback language, without the long descriptions. A product unpublished
    after it was indexed is simply left out.
    """
    languages = languages_with_fallback(language)
    found = (
        Product.objects.filter(id__in=product_ids, is_published=True)
        .select_related("category")
        .prefetch_related(
            Prefetch(
                "translations",
                queryset=ProductTranslation.objects.filter(language__in=languages).only(
                    "product_id", "language", "title", "short_description"
                ),
            ),
            Prefetch("category__translations", queryset=CategoryTranslation.objects.filter(language__in=languages)),
        )
    )
    by_id = {product.id: product for product in found}
    return [by_id[product_id] for product_id in product_ids if product_id in by_id]
