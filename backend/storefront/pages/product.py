"""The product page: a published product in the shopper's language, similar products
(search's more-like-this, PostgreSQL when Elasticsearch is out) and, when it is sold
out, the back-in-stock form. Unpublished or unknown: the 404 page. The language is the
request's (?lang, activated by common.locale.ShopLocaleMiddleware)."""
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from products.category_tree import cached_category_tree
from products.selectors import public_product_get, published_product_rows
from products.serializers import PublicProductSerializer
from search.selectors.backend import similar_product_ids
from common.page_throttle import throttled_page

SIMILAR = 6


@throttled_page
@require_safe  # GET and HEAD only: TRACE, POST and the rest are a 405, not the page
def product_page(request, pk):
    language = get_language()
    product = public_product_get(pk)
    tree = cached_category_tree()
    data = PublicProductSerializer(product, context={"language": language, "category_tree": tree}).data
    found = similar_product_ids(product=product, language=language, size=SIMILAR + 1)
    similar = published_product_rows([pid for pid in found.value if pid != product.id], language=language)
    return render(request, "storefront/product.html", {
        "product": data,
        "stock": product.stock,
        "similar": similar[:SIMILAR],
        "subscribe_url": reverse("product-back-in-stock", kwargs={"pk": product.id}),
        "search_url": reverse("storefront-search"),
    })
