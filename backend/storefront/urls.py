"""Storefront pages. emails.messages builds links to the product and alert pages: a test
(storefront/tests/test_pages.py) keeps the two in step."""
from django.urls import path

from storefront.pages.alerts import confirm_page, unsubscribe_page
from storefront.pages.catalogue import ScriptCatalogue
from storefront.pages.product import product_page
from storefront.pages.search import SearchPageView

urlpatterns = [
    path("", SearchPageView.as_view(), name="storefront-search"),
    path("i18n.js", ScriptCatalogue.as_view(), name="storefront-i18n"),
    path("products/<int:pk>/", product_page, name="storefront-product"),
    path("back-in-stock/confirm/<str:token>/", confirm_page, name="storefront-alert-confirm"),
    path("back-in-stock/unsubscribe/<str:token>/", unsubscribe_page, name="storefront-alert-unsubscribe"),
]
