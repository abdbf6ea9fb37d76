"""Rate limits by client address, with the rate read from settings on each request."""
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle


class ClientAddressThrottle(ScopedRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_ident(self, request):
        """The client address. Unless NUM_PROXIES says a proxy adds it, a client-sent
        X-Forwarded-For is ignored: otherwise anyone could dodge the limit with it."""
        if api_settings.NUM_PROXIES is None:
            return request.META.get("REMOTE_ADDR")
        return super().get_ident(request)


class SearchRateThrottle(ClientAddressThrottle):
    """Scope `search`: counted in this process's memory cache, so a search costs no
    extra query or network call; with N web processes a client gets up to N times
    the rate, which is fine for a limit meant to stop floods, not to bill usage."""
