"""Maps failures of backing services to JSON 503s instead of 500 pages."""
import logging

import redis
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DatabaseError, InterfaceError, OperationalError
from django.utils.translation import gettext
from elasticsearch import ConnectionError as ElasticsearchConnectionError
from elasticsearch import ConnectionTimeout as ElasticsearchConnectionTimeout
from rest_framework import status
from rest_framework.exceptions import ParseError
from rest_framework.response import Response
from rest_framework.views import exception_handler

from common.parsers import RequestBodyTooLarge, body_limit_detail

logger = logging.getLogger(__name__)


class ServiceUnavailable(Exception):
    """A backing service is not used right now (its circuit breaker is open): a JSON 503 naming it."""

    def __init__(self, service: str):
        super().__init__(f"{service} unavailable")
        self.service = service


def unavailable_response(service: str) -> Response:
    return Response(
        {"detail": gettext("The service is temporarily unavailable (%(service)s is down).") % {"service": service},
         "service": service},
        status=status.HTTP_503_SERVICE_UNAVAILABLE,
        headers={"Retry-After": "5"},
    )


_UNAVAILABLE = (
    ((OperationalError, InterfaceError), "postgres"),
    ((ElasticsearchConnectionError, ElasticsearchConnectionTimeout), "elasticsearch"),
    ((redis.ConnectionError, redis.TimeoutError), "redis"),
)


def _client_error(exc):
    """Django's refusals of a request body (raised while DRF parses it) as DRF errors."""
    if isinstance(exc, RequestDataTooBig):
        return RequestBodyTooLarge(body_limit_detail())
    if isinstance(exc, TooManyFieldsSent):
        return ParseError(f"Too many fields; at most {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} are accepted.")
    if isinstance(exc, TooManyFilesSent):
        return ParseError(f"Too many files; at most {settings.DATA_UPLOAD_MAX_NUMBER_FILES} are accepted.")
    return exc


def api_exception_handler(exc, context):
    """DRF's handler (with Django's body refusals as 413/400), plus 503 for an unreachable
    service and a JSON 500 otherwise."""
    exc = _client_error(exc)
    response = exception_handler(exc, context)
    if response is not None:
        return response
    if isinstance(exc, ServiceUnavailable):
        return unavailable_response(exc.service)
    for exception_types, service in _UNAVAILABLE:
        if isinstance(exc, exception_types):
            logger.warning("%s unavailable: %s", service, exc)
            return unavailable_response(service)
    if isinstance(exc, DatabaseError):
        logger.exception("database error")
    else:
        logger.exception("unhandled API error")
    return Response(
        {"detail": gettext("Internal error; it has been logged.")},
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )
