from django.urls import re_path

from products.feeds.views import feed_view

urlpatterns = [
    re_path(r"^(?P<format>heureka|google)-(?P<language>[a-z]{2,8})\.xml$", feed_view, name="catalog-feed"),
]
