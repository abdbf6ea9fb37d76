"""The shopper's search page: a static shell; its script talks to the search API."""
from django.urls import reverse
from django.views.generic import TemplateView

from common.languages import default_language, shop_languages
# Stands for the language in API URLs handed to the script, which puts the real one in.
LANG_PLACEHOLDER = "__lang__"


class SearchPageView(TemplateView):
    template_name = "storefront/index.html"
    # GET and HEAD only: TRACE, OPTIONS, POST and the rest are a 405, not the page.
    http_method_names = ["get", "head"]
    # The catalog stores bare amounts; the shop sells in Czech crowns.
    currency = "CZK"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["config"] = {
            "languages": shop_languages(),
            "defaultLanguage": default_language(),
            "currency": self.currency,
            "langPlaceholder": LANG_PLACEHOLDER,
            "searchUrl": reverse("search-products", kwargs={"lang": LANG_PLACEHOLDER}),
            "suggestUrl": reverse("search-suggest", kwargs={"lang": LANG_PLACEHOLDER}),
            "clicksUrl": reverse("search-clicks"),
            # The product page of each result; the script puts the id in.
            "productUrl": reverse("storefront-product", kwargs={"pk": 0}).replace("/0/", "/{id}/"),
        }
        return context
