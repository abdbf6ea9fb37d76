"""Logins that cannot be brute-forced, and whose limits a stranger cannot turn against
staff: the token endpoint and the admin's login page share two limits.

- Attempts per client address (LOGIN_THROTTLE_RATE_PER_ADDRESS): every POST counts.
- Failures per username (common/login_failures.py): past the limit the username is
  refused only from the addresses that failed for it, never from one that has not
  failed or that logged in before; the right password gets through from there.

Counters live in the `throttle` cache (Django's DatabaseCache), shared by every
web process: a per-process count would multiply the allowance by the number of
workers. Addresses are DRF's NUM_PROXIES-aware `get_ident`.
"""
import math

from django.contrib import admin
from django.core.cache import caches
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework import status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from common.authentication import issue_token, token_expires_at
from common.login_failures import LoginFailures
from common.throttles import throttle_rate


class LoginAddressThrottle(SimpleRateThrottle):
    """POSTs per client address (showing the login form costs nothing); the rate is read per request."""

    scope = "login_address"

    def __init__(self):
        self.cache = caches["throttle"]
        super().__init__()

    def get_rate(self):
        return throttle_rate(self.scope)

    def allow_request(self, request, view):
        if request.method != "POST":
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def login_failures(request) -> LoginFailures | None:
    """The failures of the POSTed username from this client address; None without a username."""
    data = request.data if hasattr(request, "data") else request.POST
    username = data.get("username") if hasattr(data, "get") else None
    if not isinstance(username, str) or not username:
        return None  # a malformed body is the serializer's 400, not a lock
    return LoginFailures(username, BaseThrottle().get_ident(request) or "")


class LoginUsernameLock(BaseThrottle):
    """Refuses a username from an address that failed for it once the username is past its
    failure limit. It records nothing: the view records the outcome of the attempt."""

    def allow_request(self, request, view):
        failures = login_failures(request) if request.method == "POST" else None
        self.refused_for = failures.refusal_wait() if failures else None
        return self.refused_for is None

    def wait(self):
        return self.refused_for


# The lock first: a throttle that refuses raises Throttled, which rolls the request's
# transaction back, and with it anything an earlier throttle wrote to the database cache.
LOGIN_THROTTLES = [LoginUsernameLock, LoginAddressThrottle]


class ObtainTokenApi(ObtainAuthToken):
    """POST username and password for a token that expires after AUTH_TOKEN_LIFETIME_SECONDS."""

    authentication_classes = []  # an expired token sent along must not stop a new login
    throttle_classes = LOGIN_THROTTLES
    # api_settings has imported the dotted paths: classes, which the stubs do not know.
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES  # type: ignore[assignment]

    @extend_schema(
        request=AuthTokenSerializer,
        responses={
            200: OpenApiResponse(description='{"token": "...", "expires_at": "<ISO 8601>"}'),
            400: OpenApiResponse(description="wrong credentials or invalid input"),
            429: OpenApiResponse(description="too many login attempts; see Retry-After"),
        },
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # Answered, not raised: DRF rolls the request's transaction back on a raised
            # error, and the failed attempt must stay counted in the (database) throttle cache.
            _record_failure(request)
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        _record_success(request)
        token = issue_token(serializer.validated_data["user"])
        return Response({"token": token.key, "expires_at": token_expires_at(token).isoformat()})


def _record_success(request):
    failures = login_failures(request)
    if failures is not None:
        failures.record_success()


def _record_failure(request):
    failures = login_failures(request)
    if failures is not None:
        failures.record_failure()


def throttled_admin_login(request, extra_context=None):
    """The admin's login view behind the same limits as the token endpoint (429 when spent)."""
    if request.method != "POST":
        return admin.site.login(request, extra_context)
    for throttle in (throttle_class() for throttle_class in LOGIN_THROTTLES):
        # No DRF view here: neither throttle reads it.
        if not throttle.allow_request(request, None):  # type: ignore[arg-type]
            wait = math.ceil(throttle.wait() or 1)
            return HttpResponse(
                f"Too many login attempts. Try again in {wait} seconds.",
                status=429, content_type="text/plain; charset=utf-8", headers={"Retry-After": str(wait)},
            )
    response = admin.site.login(request, extra_context)
    # Django's LoginView redirects on success and shows the form again otherwise.
    if response.status_code == 302 and request.user.is_authenticated:
        _record_success(request)
    else:
        _record_failure(request)
    return response
