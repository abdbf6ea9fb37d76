"""Who searched, as a keyed hash: enough to count distinct shoppers, never who they are.

Popular searches are offered to other shoppers only when enough different
shoppers made them (SEARCH_SUGGEST_MIN_SHOPPERS), so one shopper's private
text is never shown to anyone else. The shopper is the `X-Shopper-Id` header
an app or a shop's own front end sends, else the storefront's first-party
cookie (set by its search page), else the client address as DRF's throttles
find it. Only an HMAC of it under SECRET_KEY is kept, cut to 32 hex digits:
the raw value is never stored, and without the key it cannot be recomputed.

The header and the cookie are the client's to choose, so one client could
invent three shoppers. Each search therefore also keeps a keyed hash of the
client's network (`network_hash`: the address DRF's throttles find, cut to its
/24 for IPv4 and /48 for IPv6), and the threshold must be met in distinct
networks as well. The trade-off is conservative: shoppers behind one NAT or
one office network count once.
"""
import hashlib
import hmac
import ipaddress
import secrets

from django.conf import settings
from rest_framework.throttling import BaseThrottle

SHOPPER_HEADER = "HTTP_X_SHOPPER_ID"
SHOPPER_COOKIE = "shopper"
MAX_RAW_LENGTH = 200  # a longer header is cut before hashing, never refused


IPV4_PREFIX, IPV6_PREFIX = 24, 48


def _keyed(kind: str, raw: str) -> str:
    message = f"{kind}:{raw[:MAX_RAW_LENGTH]}".encode("utf-8", "replace")
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]


def identified_shopper(request) -> str | None:
    """The hashed shopper of a request that names one (header or cookie), else None: an
    address is no stable shopper for an A/B test (search/experiments.py)."""
    raw = request.META.get(SHOPPER_HEADER) or request.COOKIES.get(SHOPPER_COOKIE)
    return _keyed("id", raw) if raw else None


def _address(request) -> str:
    return BaseThrottle().get_ident(request) or ""


def shopper_hash(request) -> str:
    """The hashed shopper of a DRF request ("" never: the address is always there)."""
    return identified_shopper(request) or _keyed("address", _address(request))


def network_of(address: str) -> str:
    """"198.51.100.0/24" of 198.51.100.7, "2001:db8:1::/48" of an IPv6 address in it (an
    IPv4-mapped one as its IPv4); a text that is no address is kept as it is."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address.strip()
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def network_hash(request) -> str:
    """The hashed network the request came from: whatever id it sends, one client is one network."""
    return _keyed("network", network_of(_address(request)))


COOKIE_MAX_AGE = 365 * 24 * 3600


def remember_shopper(request, response) -> None:
    """Gives a browser without one the storefront's first-party shopper cookie: a random
    token, HttpOnly, sent back with the page's own API calls (never read by a script)."""
    if SHOPPER_COOKIE not in request.COOKIES:
        response.set_cookie(SHOPPER_COOKIE, secrets.token_urlsafe(16), max_age=COOKIE_MAX_AGE, httponly=True,
                            samesite="Lax", secure=request.is_secure())
