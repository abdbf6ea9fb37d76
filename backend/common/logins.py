"""Logins that cannot be brute-forced: the token endpoint and the admin's login page
count POSTed attempts per client address and per username.

Counters live in the `throttle` cache (Django's DatabaseCache), shared by every
web process: a per-process count would multiply the allowance by the number of
workers. Usernames are hashed into the key (any length, any characters) and
compared case-insensitively, so "Admin" and "admin" share one allowance.
Rates: LOGIN_THROTTLE_RATE_PER_ADDRESS and LOGIN_THROTTLE_RATE_PER_USERNAME.
"""
import hashlib
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
from rest_framework.throttling import SimpleRateThrottle

from common.authentication import issue_token, token_expires_at


class LoginThrottle(SimpleRateThrottle):
    """Counts POSTs only (showing the login form costs nothing); the rate is read per request."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    @property
    def cache(self):
        return caches["throttle"]

    def allow_request(self, request, view):
        if request.method != "POST":
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def key(self, ident):
        return self.cache_format % {"scope": self.scope, "ident": ident}


class LoginAddressThrottle(LoginThrottle):
    scope = "login_address"

    def get_cache_key(self, request, view):
        return self.key(self.get_ident(request))


class LoginUsernameThrottle(LoginThrottle):
    """Per username, from any address: a botnet gets no more tries at one account."""

    scope = "login_username"

    def get_cache_key(self, request, view):
        data = request.data if hasattr(request, "data") else request.POST
        username = data.get("username") if hasattr(data, "get") else None
        if not username:
            return None
        return self.key(hashlib.sha256(str(username).strip().casefold().encode()).hexdigest())


LOGIN_THROTTLES = [LoginAddressThrottle, LoginUsernameThrottle]


class ObtainTokenApi(ObtainAuthToken):
    """POST username and password for a token that expires after AUTH_TOKEN_LIFETIME_SECONDS."""

    authentication_classes = []  # an expired token sent along must not stop a new login
    throttle_classes = LOGIN_THROTTLES
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES

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
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        token = issue_token(serializer.validated_data["user"])
        return Response({"token": token.key, "expires_at": token_expires_at(token).isoformat()})


def throttled_admin_login(request, extra_context=None):
    """The admin's login view behind the same throttles as the token endpoint (429 when spent)."""
    for throttle in (throttle_class() for throttle_class in LOGIN_THROTTLES):
        if not throttle.allow_request(request, None):
            wait = math.ceil(throttle.wait() or 1)
            return HttpResponse(
                f"Too many login attempts. Try again in {wait} seconds.",
                status=429, content_type="text/plain; charset=utf-8", headers={"Retry-After": str(wait)},
            )
    return admin.site.login(request, extra_context)
