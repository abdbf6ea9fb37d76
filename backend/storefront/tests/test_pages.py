"""Product, alert-outcome and 404 pages as served (no browser), the links the emails build
agreeing with the storefront's routes, and the Content-Security-Policy."""
import re

import pytest
from django.core import signing
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from emails import messages
from emails.models import BackInStockSubscription
from emails.tokens import CONFIRM, UNSUBSCRIBE, make_token
from products.models import Product
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


def _subscription(product, language="en"):
    return BackInStockSubscription.objects.create(
        product=product, email="jana@example.cz", language=language, confirmation_sent_at=timezone.now())


def _confirm_url(subscription, lang):
    return f"/back-in-stock/confirm/{make_token(subscription, purpose=CONFIRM)}/?lang={lang}"


def _unsubscribe_url(subscription, lang):
    return f"/back-in-stock/unsubscribe/{make_token(subscription, purpose=UNSUBSCRIBE)}/?lang={lang}"


def _form_token(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_alert_pages_say_what_happened_in_the_shoppers_language(client, shop):
    subscription = _subscription(shop["blue_shoe"])
    confirm = client.post(_confirm_url(subscription, "en"))
    assert confirm.status_code == 200 and "we will email you when Blue shoe is back" in confirm.content.decode()
    unsubscribe = client.post(_unsubscribe_url(subscription, "cs"))
    assert unsubscribe.status_code == 200 and "Upozornění na Modrá bota jsme zrušili." in unsubscribe.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at and subscription.unsubscribed_at
    forged = signing.dumps([subscription.id, subscription.email, 0], salt=CONFIRM, key="y" * 50)
    invalid = client.get(f"/back-in-stock/confirm/{forged}/?lang=sk")
    assert invalid.status_code == 400 and "Tento odkaz nie je platný." in invalid.content.decode()


def test_the_confirm_link_opens_a_page_whose_button_confirms_with_csrf_protection(shop):
    subscription = _subscription(shop["blue_shoe"], "cs")
    browser = Client(enforce_csrf_checks=True)
    url = _confirm_url(subscription, "cs")
    opened = browser.get(url)
    page = opened.content.decode()
    assert opened.status_code == 200 and "až bude Modrá bota opět skladem" in page
    assert f'<form class="alert-form" method="post" action="{url}">' in page and ">Potvrdit</button>" in page
    assert "<script" not in page and "form-action 'self'" in opened["Content-Security-Policy"]
    assert BackInStockSubscription.objects.get().confirmed_at is None  # following the link changes nothing
    assert browser.post(url).status_code == 403  # no CSRF token: refused
    assert BackInStockSubscription.objects.get().confirmed_at is None
    confirmed = browser.post(url, {"csrfmiddlewaretoken": _form_token(page)})
    assert confirmed.status_code == 200 and "Upozornění potvrzeno" in confirmed.content.decode()
    assert BackInStockSubscription.objects.get().confirmed_at is not None


def test_a_used_or_unsubscribed_confirm_link_is_refused_and_shows_no_button(client, shop):
    subscription = _subscription(shop["blue_shoe"])
    url = _confirm_url(subscription, "en")
    assert client.post(url).status_code == 200
    for method in (client.get, client.post):
        again = method(url)
        assert again.status_code == 400 and "Link already used" in again.content.decode()
        assert "<form" not in again.content.decode()
    client.post(_unsubscribe_url(subscription, "en"))
    assert client.post(url).status_code == 400
    assert BackInStockSubscription.objects.get().unsubscribed_at is not None


def test_the_unsubscribe_link_opens_a_page_and_its_post_unsubscribes_without_a_csrf_token(shop):
    subscription = _subscription(shop["blue_shoe"], "sk")
    browser = Client(enforce_csrf_checks=True)  # as a mail client's RFC 8058 one-click POST
    url = _unsubscribe_url(subscription, "sk")
    opened = browser.get(url).content.decode()
    assert f"Chcete zrušiť upozornenie na {shop['blue_shoe'].title('sk')}?" in opened and ">Odhlásiť</button>" in opened
    assert BackInStockSubscription.objects.get().unsubscribed_at is None
    done = browser.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "Odhlásené" in done.content.decode()
    assert BackInStockSubscription.objects.get().unsubscribed_at is not None


def test_alert_pages_of_a_product_unpublished_since_do_not_show_its_title(client, shop):
    hidden = make_product({"cs": "Tajná bota", "en": "Secret shoe"}, stock=0)
    subscription = _subscription(hidden)
    Product.objects.filter(pk=hidden.pk).update(is_published=False)
    pages = [client.get(_confirm_url(subscription, "en")), client.post(_confirm_url(subscription, "en")),
             client.get(_unsubscribe_url(subscription, "cs")), client.post(_unsubscribe_url(subscription, "cs"))]
    assert [page.status_code for page in pages] == [200] * 4
    texts = [page.content.decode() for page in pages]
    assert "when this product is back in stock" in texts[0] and "when this product is back in stock" in texts[1]
    assert "Upozornění na toto zboží jsme zrušili." in texts[3]
    assert not any("Secret" in text or "Tajná" in text for text in texts)


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
