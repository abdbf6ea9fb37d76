"""The search page's script texts: Django's JavaScriptCatalog for locale/<lang>/djangojs.po in
the request's ?lang (common.locale.ShopLocaleMiddleware activates it), served as a script file
so the page needs no inline script (common/csp.py). GET and HEAD only, as every storefront page.

The texts change only with a release, and every search page loads them: browsers keep them for
an hour (MAX_AGE) and then revalidate with the ETag, answered 304 while they are unchanged."""
import hashlib

from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.views.i18n import JavaScriptCatalog

MAX_AGE = 3600


class ScriptCatalogue(JavaScriptCatalog):
    http_method_names = ["get", "head"]
    packages = ["storefront"]

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        return get_conditional_response(request, etag=etag, response=response)
