"""The search page's script texts: Django's JavaScriptCatalog for locale/<lang>/djangojs.po in
the request's ?lang (common.locale.ShopLocaleMiddleware activates it), served as a script file
so the page needs no inline script (common/csp.py). GET and HEAD only, as every storefront page."""
from django.views.i18n import JavaScriptCatalog


class ScriptCatalogue(JavaScriptCatalog):
    http_method_names = ["get", "head"]
    packages = ["storefront"]
