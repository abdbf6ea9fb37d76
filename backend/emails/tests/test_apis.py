"""POST /api/products/<id>/back-in-stock/: double opt-in, one answer for every address, JSON only,
validation, throttling."""
import pytest
from django.core import mail
from django.core.cache import caches
from django.utils import timezone
from rest_framework.test import APIClient

from emails.apis import ACCEPTED
from emails.models import BackInStockSubscription
from emails.throttles import SubscriptionRateThrottle
from products.tests.factories import make_product

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("direct_emails")]


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


def test_subscribing_is_202_and_mails_a_confirmation_link(api):
    product = make_product(stock=0)
    response = _subscribe(api, product.id, email="Jana@Example.cz", language="sk")
    assert response.status_code == 202 and response.json() == ACCEPTED
    assert list(BackInStockSubscription.objects.values_list("email", "language", "confirmed_at")) == [
        ("jana@example.cz", "sk", None)]
    assert [m.to for m in mail.outbox] == [["jana@example.cz"]] and "/back-in-stock/confirm/" in mail.outbox[0].body


def test_new_pending_confirmed_and_unsubscribed_addresses_get_the_same_answer(api):
    """No enumeration: nobody learns from the answer whether an address is subscribed."""
    product = make_product(stock=0)
    first = _subscribe(api, product.id, email="jana@example.cz", language="cs")
    second = _subscribe(api, product.id, email="JANA@example.cz", language="en")
    BackInStockSubscription.objects.update(confirmed_at=timezone.now())
    confirmed = _subscribe(api, product.id, email="jana@example.cz")
    BackInStockSubscription.objects.update(unsubscribed_at=timezone.now())
    unsubscribed = _subscribe(api, product.id, email="jana@example.cz")
    never = _subscribe(api, product.id, email="petr@example.cz")
    answers = [(r.status_code, r.json()) for r in (first, second, confirmed, unsubscribed, never)]
    assert answers == [(202, ACCEPTED)] * 5
    assert BackInStockSubscription.objects.filter(email="jana@example.cz").count() == 1


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", "email=victim%40example.cz&language=cs"),
        ("multipart/form-data; boundary=b",
         '--b\r\nContent-Disposition: form-data; name="email"\r\n\r\nvictim@example.cz\r\n--b--\r\n'),
        ("text/plain", '{"email": "victim@example.cz", "x": "="}'),
    ],
)
def test_a_cross_site_form_post_is_refused(api, content_type, body):
    """What an HTML form on another site can send (form, multipart, text/plain) is a 415."""
    product = make_product(stock=0)
    response = api.generic("POST", f"/api/products/{product.id}/back-in-stock/", body,
                           content_type=content_type, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 415, response.content
    assert not BackInStockSubscription.objects.exists() and mail.outbox == []


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
    assert codes == [202, 202, 202]
    throttled = api.post(f"/api/products/{product.id}/back-in-stock/", {"email": "user9@example.cz"},
                         format="json", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert throttled.status_code == 429 and int(throttled["Retry-After"]) > 0
    assert BackInStockSubscription.objects.count() == 3
    other_client = APIClient(REMOTE_ADDR="198.51.100.4")
    assert _subscribe(other_client, product.id, email="user9@example.cz").status_code == 202


def test_the_configured_rate_applies_as_is(api, settings):
    """SUBSCRIPTION_THROTTLE_RATE (default 10/hour): N subscriptions pass, the N+1th is 429."""
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["subscriptions"]
    allowed, _ = SubscriptionRateThrottle().parse_rate(rate)
    product = make_product(stock=0)
    codes = [_subscribe(api, product.id, email=f"user{n}@example.cz").status_code for n in range(allowed + 1)]
    assert codes == [202] * allowed + [429]
