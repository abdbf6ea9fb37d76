"""The shopper's search page: a shell rendered in the request's language (?lang); its script
talks to the search API, with its own texts from the same catalogues (storefront-i18n)."""
from django.urls import reverse
from django.utils.translation import get_language
from django.views.generic import TemplateView

from search.shoppers import remember_shopper

# Stands for the language in API URLs handed to the script, which puts the real one in.
LANG_PLACEHOLDER = "__lang__"


class SearchPageView(TemplateView):
    template_name = "storefront/index.html"
    # GET and HEAD only: TRACE, OPTIONS, POST and the rest are a 405, not the page.
    http_method_names = ["get", "head"]

    def render_to_response(self, context, **kwargs):
        """The page also gives the browser its shopper cookie (search/shoppers.py), so the
        searches it makes count as one shopper's for suggest's popular queries."""
        response = super().render_to_response(context, **kwargs)
        remember_shopper(self.request, response)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["config"] = {
            "lang": get_language(),
            "langPlaceholder": LANG_PLACEHOLDER,
            "searchUrl": reverse("search-products", kwargs={"lang": LANG_PLACEHOLDER}),
            "suggestUrl": reverse("search-suggest", kwargs={"lang": LANG_PLACEHOLDER}),
            "clicksUrl": reverse("search-clicks"),
            # The product page of each result; the script puts the id in.
            "productUrl": reverse("storefront-product", kwargs={"pk": 0}).replace("/0/", "/{id}/"),
        }
        return context
