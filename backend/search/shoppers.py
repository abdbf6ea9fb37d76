"""Who searched, as a keyed hash: enough to count distinct shoppers, never who they are.

Popular searches are offered to other shoppers only when enough different
shoppers made them (SEARCH_SUGGEST_MIN_SHOPPERS), so one shopper's private
text is never shown to anyone else. The shopper is the `X-Shopper-Id` header
an app or a shop's own front end sends, else the storefront's first-party
cookie (set by its search page), else the client address as DRF's throttles
find it. Only an HMAC of it under SECRET_KEY is kept, cut to 32 hex digits:
the raw value is never stored, and without the key it cannot be recomputed.
"""
import hashlib
import hmac
import secrets

from django.conf import settings
from rest_framework.throttling import BaseThrottle

SHOPPER_HEADER = "HTTP_X_SHOPPER_ID"
SHOPPER_COOKIE = "shopper"
MAX_RAW_LENGTH = 200  # a longer header is cut before hashing, never refused


def shopper_hash(request) -> str:
    """The hashed shopper of a DRF request ("" never: the address is always there)."""
    raw = request.META.get(SHOPPER_HEADER) or request.COOKIES.get(SHOPPER_COOKIE)
    kind = "id" if raw else "address"
    if not raw:
        raw = BaseThrottle().get_ident(request) or ""
    message = f"{kind}:{raw[:MAX_RAW_LENGTH]}".encode("utf-8", "replace")
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]


COOKIE_MAX_AGE = 365 * 24 * 3600


def remember_shopper(request, response) -> None:
    """Gives a browser without one the storefront's first-party shopper cookie: a random
    token, HttpOnly, sent back with the page's own API calls (never read by a script)."""
    if SHOPPER_COOKIE not in request.COOKIES:
        response.set_cookie(SHOPPER_COOKIE, secrets.token_urlsafe(16), max_age=COOKIE_MAX_AGE, httponly=True,
                            samesite="Lax", secure=request.is_secure())
