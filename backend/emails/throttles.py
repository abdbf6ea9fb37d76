"""The rate limit of public subscription endpoints (scope `subscriptions`).

Counters live in the `throttle` cache, Django's DatabaseCache: shared by every
web process (a per-process memory cache would multiply the limit by the
number of gunicorn workers), kept across restarts, and independent of Redis,
so subscribing keeps working when Redis is down. The rate is read from
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] on each request (env
SUBSCRIPTION_THROTTLE_RATE).
"""
from django.core.cache import caches

from common.throttles import ClientAddressThrottle


class SubscriptionRateThrottle(ClientAddressThrottle):
    cache_alias = "throttle"

    def __init__(self):
        self.cache = caches[self.cache_alias]
        super().__init__()
