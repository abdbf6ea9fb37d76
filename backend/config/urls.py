"""Top-level routes: admin, API (with OpenAPI docs) and the RQ dashboard (superusers only).

The docs are Swagger UI from drf-spectacular-sidecar's static files; the split view serves
its init script as a file (`?script`), so the page runs under the strict CSP (common/csp.py)."""
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from common.logins import ObtainTokenApi, throttled_admin_login

handler404 = "common.views.not_found"
handler500 = "common.views.server_error"

urlpatterns = [
    path("admin/rq/", include("common.rq_dashboard")),
    path("admin/login/", throttled_admin_login, name="admin-login"),
    # Staff's language choice (Django's set_language: the language cookie LocaleMiddleware reads).
    path("admin/i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("common.urls")),
    path("api/", include("search.urls")),
    path("api/", include("products.urls")),
    path("api/", include("emails.urls")),
    path("api/auth/token/", ObtainTokenApi.as_view(), name="api-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="openapi-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(
        url_name="openapi-schema", template_name="api_docs/swagger_ui.html"), name="swagger-ui"),
    path("feeds/", include("products.feeds.urls")),
    path("", include("storefront.urls")),
]
