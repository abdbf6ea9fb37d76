"""Product, alert-outcome and 404 pages as served (no browser), the links the emails build
agreeing with the storefront's routes, and the Content-Security-Policy."""
import re

import pytest
from django.core import signing
from django.core.cache import caches
from django.urls import reverse

from emails import messages
from emails.models import BackInStockSubscription
from emails.tokens import CONFIRM, UNSUBSCRIBE, make_token
from products.tests.factories import make_product, make_shoe_shop

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(settings):
    settings.USE_ELASTIC = False  # similar products from PostgreSQL: no index needed here
    return make_shoe_shop()


def test_email_links_are_the_storefront_routes(settings):
    settings.SHOP_BASE_URL = "https://shop.example.cz"
    subscription = BackInStockSubscription.objects.create(
        product=make_product(stock=0), email="jana@example.cz", language="sk")
    confirm = reverse("storefront-alert-confirm", kwargs={"token": make_token(subscription, purpose=CONFIRM)})
    unsubscribe = reverse("storefront-alert-unsubscribe",
                          kwargs={"token": make_token(subscription, purpose=UNSUBSCRIBE)})
    product = reverse("storefront-product", kwargs={"pk": subscription.product_id})
    assert messages.product_url(subscription.product_id, "sk") == f"https://shop.example.cz{product}?lang=sk"
    assert messages.confirm_url(subscription).split("?")[0].startswith("https://shop.example.cz/back-in-stock/")
    assert messages.confirm_url(subscription).split("?")[0][len("https://shop.example.cz"):].split("/")[:3] \
        == confirm.split("/")[:3]
    assert messages.unsubscribe_url(subscription).split("?")[0][len("https://shop.example.cz"):].split("/")[:3] \
        == unsubscribe.split("/")[:3]


def test_the_product_page_shows_the_product_in_the_chosen_language(client, shop):
    page = client.get(f"/products/{shop['red_shoe'].id}/?lang=en").content.decode()
    for text in ("Red shoe", "SH-RED", "900.00", "In stock: 4", "Footwear", "Summer shoes", "Colour", "red",
                 'lang="en"', 'aria-current="true">English'):
        assert text in page, text
    assert 'id="back-in-stock"' not in page
    czech = client.get(f"/products/{shop['red_shoe'].id}/").content.decode()
    assert "Červená bota" in czech and "Skladem: 4" in czech and 'lang="cs"' in czech


def test_a_sold_out_product_page_has_the_alert_form(client, shop):
    page = client.get(f"/products/{shop['blue_shoe'].id}/?lang=cs").content.decode()
    assert "Vyprodáno" in page and 'id="back-in-stock"' in page
    assert f'data-url="/api/products/{shop["blue_shoe"].id}/back-in-stock/"' in page


@pytest.mark.parametrize("path", ["/products/{hidden}/?lang=sk", "/products/987654/", "/products/" + "9" * 40 + "/"])
def test_unpublished_unknown_and_absurd_products_are_the_404_page(client, shop, path):
    hidden = make_product({"cs": "Tajné"}, published=False)
    response = client.get(path.format(hidden=hidden.id))
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Tajné" not in page
    assert ("Stránka sa nenašla" if "lang=sk" in path else "Stránka nenalezena") in page


def test_alert_pages_say_what_happened_in_the_shoppers_language(client, shop):
    subscription = BackInStockSubscription.objects.create(
        product=shop["blue_shoe"], email="jana@example.cz", language="en")
    confirm = client.get(f"/back-in-stock/confirm/{make_token(subscription, purpose=CONFIRM)}/?lang=en")
    assert confirm.status_code == 200 and "we will email you when Blue shoe is back" in confirm.content.decode()
    unsubscribe = client.post(f"/back-in-stock/unsubscribe/{make_token(subscription, purpose=UNSUBSCRIBE)}/?lang=cs")
    assert unsubscribe.status_code == 200 and "Upozornění na Modrá bota jsme zrušili." in unsubscribe.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at and subscription.unsubscribed_at
    forged = signing.dumps([subscription.id, subscription.email], salt=CONFIRM, key="y" * 50)
    invalid = client.get(f"/back-in-stock/confirm/{forged}/?lang=sk")
    assert invalid.status_code == 400 and "Tento odkaz nie je platný." in invalid.content.decode()


def test_storefront_and_admin_pages_carry_a_strict_content_security_policy(client, shop):
    for path in ("/", f"/products/{shop['red_shoe'].id}/", "/admin/login/", "/no-such-page/"):
        policy = client.get(path)["Content-Security-Policy"]
        script_src = next(part for part in policy.split("; ") if part.startswith("script-src"))
        assert "'unsafe-inline'" not in script_src and "'self'" in script_src, path
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    home = client.get("/")
    nonce = re.search(r"'nonce-([^']+)'", home["Content-Security-Policy"]).group(1)
    assert f'<script type="importmap" nonce="{nonce}">' in home.content.decode()
    assert nonce not in client.get("/")["Content-Security-Policy"]


def test_product_and_link_pages_answer_429_past_the_public_rate(client, settings, shop):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "public": "2/minute"},
    }
    caches["default"].clear()
    url = f"/products/{shop['red_shoe'].id}/"
    codes = [client.get(url, REMOTE_ADDR="10.1.1.1").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert client.get("/back-in-stock/confirm/x/", REMOTE_ADDR="10.1.1.1").status_code == 429
    assert client.get(url, REMOTE_ADDR="10.1.1.2").status_code == 200
    caches["default"].clear()
