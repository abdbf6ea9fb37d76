"""Every endpoint is throttled per client address; X-Forwarded-For counts only as far as
NUM_PROXIES trusted proxies go."""
import pytest
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient
from rest_framework.views import APIView

pytestmark = pytest.mark.django_db

# Django views, not DRF endpoints: the admin (its login has its own throttle, tests/test_logins.py),
# the RQ dashboard (staff only), the storefront's static shell (its script calls throttled APIs)
# and the shell's texts (a catalogue read from files, no database).
NOT_DRF = ("admin/", "storefront-search", "storefront-i18n")
# Pages that read the catalog: throttled by common.page_throttle.throttled_page.
PAGES = ("storefront-product", "storefront-alert-confirm", "storefront-alert-unsubscribe", "catalog-feed")


def _drf_views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _drf_views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            view_class = getattr(pattern.callback, "cls", None)
            yield prefix + str(pattern.pattern), pattern.name, view_class, pattern.callback


def _rates(settings, **rates):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates},
    }
    cache.clear()


@pytest.fixture(autouse=True)
def empty_counters():
    cache.clear()
    yield
    cache.clear()


def test_every_api_endpoint_names_a_throttle():
    seen, unthrottled = 0, []
    for route, name, view_class, callback in _drf_views(get_resolver().url_patterns):
        if route.startswith(NOT_DRF) or name in NOT_DRF:
            continue
        if name in PAGES:
            assert getattr(callback, "throttled", False), (route, name)
            continue
        assert view_class is not None and issubclass(view_class, APIView), (route, name)
        seen += 1
        if not view_class().get_throttles():
            unthrottled.append(route)
    assert seen >= 15 and unthrottled == []


@pytest.mark.parametrize("url", ["/api/products/", "/api/health/live/", "/api/schema/"])
def test_public_endpoints_answer_429_past_the_rate(settings, url):
    _rates(settings, public="3/minute")
    codes = [APIClient().get(url, REMOTE_ADDR="10.1.1.1").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert APIClient().get(url, REMOTE_ADDR="10.1.1.2").status_code == 200


def test_two_shoppers_behind_one_proxy_get_their_own_buckets(settings):
    _rates(settings, public="2/minute")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = APIClient(REMOTE_ADDR="10.0.0.1")

    def shopper(address, spoofed="6.6.6.6"):
        return proxy.get("/api/products/", HTTP_X_FORWARDED_FOR=f"{spoofed}, {address}").status_code

    assert [shopper("198.51.100.1", spoofed=f"1.2.3.{n}") for n in range(3)] == [200, 200, 429]
    assert [shopper("198.51.100.2") for _ in range(3)] == [200, 200, 429]


def test_forwarded_for_is_ignored_without_a_trusted_proxy(settings):
    _rates(settings, public="2/minute")
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0
    client = APIClient(REMOTE_ADDR="10.0.0.1")
    codes = [client.get("/api/products/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(3)]
    assert codes == [200, 200, 429]
