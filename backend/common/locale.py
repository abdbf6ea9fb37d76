"""Which language a request is served in.

- The admin (and the rest of /admin/): Django's LocaleMiddleware, so staff read it in
  their browser's language (Accept-Language) or the one they chose (the language cookie),
  among LANGUAGES.
- The API: LANGUAGE_CODE, whatever the browser says: its answers stay as they were
  (a catalog language in the URL or in `lang` chooses product data, not messages).
- Everything else is the storefront: the shopper's `?lang` when it is a shop language,
  else the shop's default, as the links in emails and the language switch carry it.
"""
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from common.languages import default_language, is_shop_language
from common.middleware import is_api_request

STAFF_PREFIXES = ("/admin/",)


def shopper_language(request) -> str:
    """`?lang=` when it is a shop language, else the shop's default."""
    language = request.GET.get("lang", "")
    return language if is_shop_language(language) else default_language()


class ShopLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if request.path.startswith(STAFF_PREFIXES):
            return super().process_request(request)
        language = settings.LANGUAGE_CODE if is_api_request(request) else shopper_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request, response):
        """The response is rendered by now: the thread goes back to LANGUAGE_CODE, so nothing
        after the request (a test, a signal handler) runs in the last request's language."""
        try:
            if request.path.startswith(STAFF_PREFIXES):
                return super().process_response(request, response)
            if not is_api_request(request):  # the API's headers stay as they were
                response.headers.setdefault("Content-Language", translation.get_language())
            return response
        finally:
            translation.deactivate()
