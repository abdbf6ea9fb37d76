"""POST /api/products/<id>/back-in-stock/: validation, one subscription per address, throttling."""
import pytest
from django.core.cache import caches
from rest_framework.test import APIClient

from emails.models import BackInStockSubscription
from emails.throttles import SubscriptionRateThrottle
from products.tests.factories import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Throttle counters live in a cache table that test flushes don't empty."""
    caches["throttle"].clear()
    yield
    caches["throttle"].clear()


@pytest.fixture
def api():
    return APIClient()


def _subscribe(api, product_id, **body):
    return api.post(f"/api/products/{product_id}/back-in-stock/", body, format="json")


def test_subscribing_to_a_sold_out_product_is_201(api):
    product = make_product(stock=0)
    response = _subscribe(api, product.id, email="Jana@Example.cz", language="sk")
    assert response.status_code == 201
    body = response.json()
    assert {key: body[key] for key in ("product", "email", "language")} == {
        "product": product.id, "email": "jana@example.cz", "language": "sk",
    }
    assert _subscribe(api, product.id, email="petr@example.cz").json()["language"] == "cs"


def test_a_repeat_subscription_is_409_and_changes_nothing(api):
    product = make_product(stock=0)
    _subscribe(api, product.id, email="jana@example.cz", language="cs")
    response = _subscribe(api, product.id, email="JANA@example.cz", language="en")
    assert response.status_code == 409
    assert "already subscribed" in response.json()["detail"]
    assert list(BackInStockSubscription.objects.values_list("email", "language")) == [("jana@example.cz", "cs")]


@pytest.mark.parametrize(
    ("stock", "body", "errors"),
    [
        (3, {"email": "jana@example.cz"}, {"product": ["This product is in stock; you can order it right away."]}),
        (0, {"email": "not-an-address"}, {"email": ["Enter a valid email address."]}),
        (0, {}, {"email": ["This field is required."]}),
        (0, {"email": "jana@example.cz", "language": "de"},
         {"language": ["Unknown language 'de'; use one of cs, sk, en."]}),
    ],
)
def test_invalid_requests_are_400_with_a_message(api, stock, body, errors):
    product = make_product(stock=stock)
    response = _subscribe(api, product.id, **body)
    assert response.status_code == 400 and response.json() == errors
    assert not BackInStockSubscription.objects.exists()


def test_unpublished_and_unknown_products_are_404(api):
    hidden = make_product(stock=0, published=False)
    for product_id in (hidden.id, 987654):
        assert _subscribe(api, product_id, email="jana@example.cz").status_code == 404


def test_the_request_after_the_limit_is_429_and_forwarded_for_does_not_dodge_it(api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "subscriptions": "3/hour",
        },
    }
    product = make_product(stock=0)
    codes = [_subscribe(api, product.id, email=f"user{n}@example.cz").status_code for n in range(3)]
    assert codes == [201, 201, 201]
    throttled = api.post(f"/api/products/{product.id}/back-in-stock/", {"email": "user9@example.cz"},
                         format="json", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert throttled.status_code == 429 and int(throttled["Retry-After"]) > 0
    assert BackInStockSubscription.objects.count() == 3
    other_client = APIClient(REMOTE_ADDR="198.51.100.4")
    assert _subscribe(other_client, product.id, email="user9@example.cz").status_code == 201


def test_the_configured_rate_applies_as_is(api, settings):
    """SUBSCRIPTION_THROTTLE_RATE (default 10/hour): N subscriptions pass, the N+1th is 429."""
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["subscriptions"]
    allowed, _ = SubscriptionRateThrottle().parse_rate(rate)
    product = make_product(stock=0)
    codes = [_subscribe(api, product.id, email=f"user{n}@example.cz").status_code for n in range(allowed + 1)]
    assert codes == [201] * allowed + [429]
