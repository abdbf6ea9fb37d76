"""Error pages: JSON for /api/ paths, Django's defaults elsewhere."""
from django.http import JsonResponse
from django.utils.translation import gettext
from django.views import defaults

from common.middleware import is_api_request


def not_found(request, exception):
    if is_api_request(request):
        return JsonResponse({"detail": gettext("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api_request(request):
        return JsonResponse({"detail": gettext("Internal error; it has been logged.")}, status=500)
    return defaults.server_error(request)
