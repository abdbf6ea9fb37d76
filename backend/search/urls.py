from django.urls import path
from rest_framework.routers import SimpleRouter

from search.apis.clicks import RecordClick
from search.apis.dsl import ProductDocumentViewSet
from search.apis.products import SearchProducts, SimilarProducts, StorefrontProductSearch, SuggestProducts

urlpatterns = [
    path("search/products/<str:lang>/", SearchProducts.as_view(), name="search-products"),
    path(
        "search/storefront/product/<str:lang>/<str:query>/",
        StorefrontProductSearch.as_view(),
        name="search-storefront-products",
    ),
    path("search/clicks/", RecordClick.as_view(), name="search-clicks"),
    path("search/suggest/<str:lang>/", SuggestProducts.as_view(), name="search-suggest"),
    path("products/<int:pk>/similar/", SimilarProducts.as_view(), name="product-similar"),
]

dsl_router = SimpleRouter()
dsl_router.register("search/dsl/products", ProductDocumentViewSet, basename="search-dsl-products")
urlpatterns += dsl_router.urls
