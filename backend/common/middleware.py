"""JSON answers for API requests that fail outside DRF's exception handling.

With ATOMIC_REQUESTS the database connection is opened before the view runs,
so "PostgreSQL is down" surfaces here rather than in DRF's handler; API
clients get a JSON 503 instead of an HTML error page.
"""
import logging

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.utils.translation import gettext

logger = logging.getLogger(__name__)


def is_api_request(request):
    return request.path.startswith("/api/")


class ServiceUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_api_request(request) and isinstance(exception, (OperationalError, InterfaceError)):
            logger.warning("postgres unavailable: %s", exception)
            return JsonResponse(
                {"detail": gettext("The service is temporarily unavailable (%(service)s is down).")
                 % {"service": "postgres"}, "service": "postgres"},
                status=503, headers={"Retry-After": "5"},
            )
        return None
