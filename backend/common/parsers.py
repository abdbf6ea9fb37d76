"""Request-body parsers with bounds: a hostile body is a 400 or 413, never a 500.

DRF's own JSON and form parsers read the whole stream (Django's
DATA_UPLOAD_MAX_MEMORY_SIZE only guards `request.body`), a deeply nested JSON
document ends in a RecursionError, and thousands of form fields raise Django's
TooManyFieldsSent. These read at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes and
limit JSON nesting to JSON_MAX_DEPTH; Django's own refusals are mapped to JSON
answers by common.exceptions.
"""
import io
from collections.abc import Iterable

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser


class RequestBodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


def body_limit_detail() -> str:
    return f"The request body may not exceed {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes."


def read_bounded(stream) -> bytes:
    """The body, or a 413 once it passes DATA_UPLOAD_MAX_MEMORY_SIZE (None: no limit)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if stream is None:
        return b""
    if limit is None:
        return stream.read()
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise RequestBodyTooLarge(body_limit_detail())
    return raw


def json_depth(value) -> int:
    """Nesting depth of parsed JSON, walked without recursion."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, depth = pending.pop()
        children: Iterable
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in children)
    return deepest


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        too_deep = f"JSON parse error - nested deeper than {settings.JSON_MAX_DEPTH} levels."
        try:
            data = super().parse(io.BytesIO(read_bounded(stream)), media_type, parser_context)
        except RecursionError:
            raise ParseError(too_deep)
        if json_depth(data) > settings.JSON_MAX_DEPTH:
            raise ParseError(too_deep)
        return data


class BoundedFormParser(FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return super().parse(io.BytesIO(read_bounded(stream)), media_type, parser_context)


class BoundedMultiPartParser(MultiPartParser):
    """Django's multipart parser enforces both limits itself (its errors are mapped to 413/400)."""
