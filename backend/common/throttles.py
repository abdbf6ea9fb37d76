"""Rate limits by client address, with the rate read from settings on each request."""
from typing import cast

from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle


def throttle_rate(scope: str) -> str | None:
    """REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope], read when asked (tests change it).
    DRF's rates are strings ("10/hour") or None; the stubs type them as numbers."""
    return cast("str | None", api_settings.DEFAULT_THROTTLE_RATES[scope])


class ClientAddressThrottle(ScopedRateThrottle):
    """Per client address as DRF's get_ident finds it: X-Forwarded-For is read only as far as
    NUM_PROXIES trusted proxies go (0 ignores it, so a client cannot dodge a limit by sending one)."""

    def get_rate(self):
        assert self.scope is not None  # allow_request sets it from the view before asking
        return throttle_rate(self.scope)


class SearchRateThrottle(ClientAddressThrottle):
    """Scope `search`: counted in this process's memory cache, so a search costs no
    extra query or network call; with N web processes a client gets up to N times
    the rate, which is fine for a limit meant to stop floods, not to bill usage."""


class PublicRateThrottle(ClientAddressThrottle):
    """The default of every endpoint that names no throttle of its own (settings'
    DEFAULT_THROTTLE_CLASSES): scope `public`, per address, in memory like `search`."""

    def allow_request(self, request, view):
        self.scope = "public"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return SimpleRateThrottle.allow_request(self, request, view)
