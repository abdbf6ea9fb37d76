from django.urls import path

from products.apis.public import PublicProductDetailApi, PublicProductListApi
from products.apis.staff import (
    StaffProductDetailApi,
    StaffProductListApi,
    StaffProductPublishApi,
    StaffProductUnpublishApi,
)

urlpatterns = [
    path("products/", PublicProductListApi.as_view(), name="product-list"),
    path("products/<int:pk>/", PublicProductDetailApi.as_view(), name="product-detail"),
    path("staff/products/", StaffProductListApi.as_view(), name="staff-product-list"),
    path("staff/products/<int:pk>/", StaffProductDetailApi.as_view(), name="staff-product-detail"),
    path("staff/products/<int:pk>/publish/", StaffProductPublishApi.as_view(), name="staff-product-publish"),
    path(
        "staff/products/<int:pk>/unpublish/",
        StaffProductUnpublishApi.as_view(),
        name="staff-product-unpublish",
    ),
]
