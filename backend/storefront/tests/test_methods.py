"""Storefront pages answer only the methods they serve: GET and HEAD (and POST where a
button posts). TRACE, OPTIONS, PUT and the rest are a 405 with an Allow header, never
the page rendered (TRACE echoing a page is what scanners flag as cross-site tracing)."""
import pytest
from django.utils import timezone

from emails.models import BackInStockSubscription
from emails.tokens import CONFIRM, UNSUBSCRIBE, make_token
from products.tests.factories import make_product

pytestmark = pytest.mark.django_db

REFUSED = ["TRACE", "OPTIONS", "PUT", "PATCH", "DELETE", "CONNECT", "PROPFIND"]


@pytest.fixture
def routes(settings):
    """Every storefront route (storefront/urls.py) with the methods it serves."""
    settings.USE_ELASTIC = False
    product = make_product(stock=0)
    subscription = BackInStockSubscription.objects.create(
        product=product, email="jana@example.cz", language="en", confirmation_sent_at=timezone.now())
    return {
        "/": {"GET", "HEAD"},
        "/i18n.js?lang=sk": {"GET", "HEAD"},
        f"/products/{product.id}/": {"GET", "HEAD"},
        f"/back-in-stock/confirm/{make_token(subscription, purpose=CONFIRM)}/": {"GET", "HEAD", "POST"},
        f"/back-in-stock/unsubscribe/{make_token(subscription, purpose=UNSUBSCRIBE)}/": {"GET", "HEAD", "POST"},
    }


def test_every_storefront_route_is_covered(routes):
    from storefront.urls import urlpatterns

    assert len(routes) == len(urlpatterns)


@pytest.mark.parametrize("method", REFUSED)
def test_other_methods_are_a_405_not_the_page(client, routes, method):
    for url, allowed in routes.items():
        response = client.generic(method, url)
        assert response.status_code == 405, (method, url, response.status_code)
        assert set(response["Allow"].split(", ")) == allowed, url
        assert b"<html" not in response.content.lower(), url


def test_search_and_product_pages_refuse_post(client, routes):
    for url, allowed in routes.items():
        if "POST" not in allowed:
            assert client.post(url).status_code == 405, url


def test_get_and_head_still_serve_every_page(client, routes):
    for url in routes:
        assert client.get(url).status_code == 200, url
        head = client.head(url)
        assert head.status_code == 200 and head.content == b"", url
