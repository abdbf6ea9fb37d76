"""The rate limit of public subscription endpoints (scope `subscriptions`).

Counters live in the `throttle` cache, Django's DatabaseCache: shared by every
web process (a per-process memory cache would multiply the limit by the
number of gunicorn workers), kept across restarts, and independent of Redis,
so subscribing keeps working when Redis is down. The rate is read from
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] on each request (env
SUBSCRIPTION_THROTTLE_RATE).
"""
from django.core.cache import caches
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle


class SubscriptionRateThrottle(ScopedRateThrottle):
    cache_alias = "throttle"

    @property
    def cache(self):
        return caches[self.cache_alias]

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_ident(self, request):
        """The client address. Unless NUM_PROXIES says a proxy adds it, a client-sent
        X-Forwarded-For is ignored: otherwise anyone could dodge the limit with it."""
        if api_settings.NUM_PROXIES is None:
            return request.META.get("REMOTE_ADDR")
        return super().get_ident(request)
