from django.urls import path

from emails.apis import BackInStockSubscriptionApi

urlpatterns = [
    path(
        "products/<int:pk>/back-in-stock/", BackInStockSubscriptionApi.as_view(), name="product-back-in-stock"
    ),
]
