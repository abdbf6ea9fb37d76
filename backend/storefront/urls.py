from django.urls import path

from storefront.views import SearchPageView

urlpatterns = [
    path("", SearchPageView.as_view(), name="storefront-search"),
]
