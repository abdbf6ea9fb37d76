"""Pages (not DRF endpoints) that reach the database or the index are rate-limited like the API:
the storefront's product and alert pages, the catalog feeds.

The same `public` scope and per-address counting as every API endpoint
(common.throttles.PublicRateThrottle, NUM_PROXIES-aware), so a scraper cannot
hammer product pages (each one runs a more-like-this search), token links or an
uncached feed.
"""
import math
from functools import wraps

from django.http import HttpResponse
from django.utils.translation import gettext

from common.throttles import PublicRateThrottle


def throttled_page(view):
    """Wraps a page view: past the `public` rate, a plain 429 with Retry-After."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        throttle = PublicRateThrottle()
        if not throttle.allow_request(request, None):
            response = HttpResponse(gettext("Too many requests. Please try again in a moment.") + "\n", status=429,
                                    content_type="text/plain; charset=utf-8")
            response["Retry-After"] = str(math.ceil(throttle.wait() or 1))
            return response
        return view(request, *args, **kwargs)

    setattr(guarded, "throttled", True)  # read by the test that every page or endpoint is throttled
    return guarded
