"""The shopper's search page: a static shell; its script talks to the search API."""
from django.urls import reverse
from django.views.generic import TemplateView

from common.languages import default_language, shop_languages

# Each language's name in itself, for the switch; unknown codes show as the code.
LANGUAGE_NAMES = {"cs": "Čeština", "sk": "Slovenčina", "en": "English"}
# Stands for the language in API URLs handed to the script, which puts the real one in.
LANG_PLACEHOLDER = "__lang__"


class SearchPageView(TemplateView):
    template_name = "storefront/index.html"
    # The catalog stores bare amounts; the shop sells in Czech crowns.
    currency = "CZK"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["languages"] = [
            {"code": code, "name": LANGUAGE_NAMES.get(code, code.upper())} for code in shop_languages()
        ]
        context["default_language"] = default_language()
        context["config"] = {
            "languages": shop_languages(),
            "defaultLanguage": default_language(),
            "currency": self.currency,
            "langPlaceholder": LANG_PLACEHOLDER,
            "searchUrl": reverse("search-products", kwargs={"lang": LANG_PLACEHOLDER}),
            "suggestUrl": reverse("search-suggest", kwargs={"lang": LANG_PLACEHOLDER}),
            "clicksUrl": reverse("search-clicks"),
        }
        return context
