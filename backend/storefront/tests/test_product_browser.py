"""The shopper's journey past the search box in a real headless Chromium: a result opens the
product page; a sold-out product's alert form; the confirm and unsubscribe links taken from
the real emails in Django's locmem outbox (each opens a page whose button acts); the 404 page;
the admin under the same CSP."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from emails.models import BackInStockSubscription
from emails.tests.helpers import confirm_link, unsubscribe_link
from products.models import Product

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shop_links(settings, live_server, catalog):
    """Emails link to this live server; they are sent at once into the locmem outbox."""
    settings.SHOP_BASE_URL = live_server.url
    settings.USING_REDIS_QUEUE = False
    return catalog


def test_a_search_result_opens_its_product_page_and_the_language_switch_stays(page, live_server, shop_links):
    page.goto(f"{live_server.url}/?lang=en&q=SH-RED")
    page.get_by_role("link", name="Red shoe").click()
    red = shop_links["red_shoe"]
    expect(page).to_have_url(f"{live_server.url}/products/{red.id}/?lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Red shoe")
    expect(page.locator(".category-path li")).to_have_text(["Footwear", "Summer shoes"])
    expect(page.locator(".product-attributes")).to_contain_text("Colour")
    expect(page.locator(".product-price").first).to_contain_text("900")
    expect(page.locator(".badge")).to_have_text("In stock: 4")
    expect(page.locator("#back-in-stock")).to_have_count(0)
    expect(page.locator(".similar-list a").first).to_be_visible()

    page.get_by_role("link", name="Čeština").click()
    expect(page).to_have_url(f"{live_server.url}/products/{red.id}/?lang=cs")
    expect(page.get_by_role("heading", level=1)).to_have_text("Červená bota")
    expect(page.locator("html")).to_have_attribute("lang", "cs")
    page.locator(".similar-list a").first.click()
    expect(page).to_have_url(re.compile(r"/products/\d+/\?lang=cs$"))


def test_out_of_stock_alert_confirm_and_unsubscribe_through_the_real_emails(page, live_server, shop_links):
    blue = shop_links["blue_shoe"]
    page.goto(f"{live_server.url}/products/{blue.id}/?lang=cs")
    expect(page.locator(".badge")).to_have_text("Vyprodáno")
    page.get_by_label("Váš e-mail").fill("jana@example.cz")
    page.get_by_role("button", name="Hlídat").click()
    expect(page.locator("#alert-status")).to_have_text(re.compile("poslali odkaz k potvrzení"))
    assert [message.to for message in mail.outbox] == [["jana@example.cz"]]
    assert BackInStockSubscription.objects.get().confirmed_at is None

    page.goto(confirm_link(mail.outbox[0]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Potvrďte upozornění")
    assert BackInStockSubscription.objects.get().confirmed_at is None  # opening the link changes nothing
    page.get_by_role("button", name="Potvrdit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upozornění potvrzeno")
    expect(page.locator(".outcome-message")).to_contain_text("Modrá bota")

    product = Product.objects.get(pk=blue.pk)
    product.stock = 3
    product.save()
    alert = mail.outbox[-1]
    assert alert.subject == "Modrá bota je opět skladem"
    product_link = re.search(r"https?://\S+/products/\d+/\?lang=cs", alert.body).group(0)
    page.goto(product_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Modrá bota")
    expect(page.locator(".badge")).to_have_text("Skladem: 3 ks")

    page.goto(unsubscribe_link(alert))
    expect(page.get_by_role("heading", level=1)).to_have_text("Zrušit upozornění")
    assert BackInStockSubscription.objects.get().unsubscribed_at is None
    page.get_by_role("button", name="Odhlásit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Odhlášeno")
    assert BackInStockSubscription.objects.get().unsubscribed_at is not None
    page.goto(confirm_link(mail.outbox[0]))  # the old confirm link cannot undo that
    expect(page.get_by_role("heading", level=1)).to_have_text("Odkaz už byl použit")
    expect(page.get_by_role("button")).to_have_count(0)


def test_a_tampered_confirm_link_and_a_missing_product_say_so(page, live_server, shop_links):
    page.goto(f"{live_server.url}/back-in-stock/confirm/WzEsImphbmFAZXhhbXBsZS5jeiJd:x:y/?lang=sk")
    expect(page.get_by_role("heading", level=1)).to_have_text("Neplatný odkaz")
    response = page.goto(f"{live_server.url}/products/987654/?lang=en")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")


def test_the_admin_works_under_the_policy(page, live_server, shop_links):
    get_user_model().objects.create_superuser("boss", "boss@example.cz", "secret-pass-1")
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("secret-pass-1")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/admin/products/product/{shop_links['red_shoe'].id}/change/")
    expect(page.locator("#product_form")).to_be_visible()
    page.goto(f"{live_server.url}/admin/products/product/")
    page.locator("#action-toggle").check()
    expect(page.locator(".action-counter")).to_contain_text("selected")


def test_staff_whose_browser_asks_for_czech_use_the_admin_in_czech(browser, live_server, shop_links):
    """LocaleMiddleware: Django's own Czech admin, our labels from locale/cs; the storefront keeps ?lang."""
    get_user_model().objects.create_superuser("boss", "boss@example.cz", "secret-pass-1")
    context = browser.new_context(locale="cs-CZ")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/admin/login/")
        expect(page.locator("html")).to_have_attribute("lang", "cs")
        page.get_by_label("Uživatelské jméno").fill("boss")
        page.get_by_label("Heslo").fill("secret-pass-1")
        page.get_by_role("button", name="Přihlášení").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Správa webu")
        expect(page.get_by_role("link", name="Katalog", exact=True)).to_be_visible()
        expect(page.get_by_role("link", name="Hlídání dostupnosti")).to_be_visible()

        page.goto(f"{live_server.url}/admin/products/product/{shop_links['red_shoe'].id}/change/")
        expect(page.get_by_label("Cena")).to_have_value("900.00")
        expect(page.get_by_label("Sklad")).to_have_value("4")
        expect(page.get_by_role("button", name="Uložit", exact=True)).to_be_visible()
        page.goto(f"{live_server.url}/admin/products/product/")
        page.locator("#action-toggle").check()
        page.locator("select[name=action]").select_option(label="Zveřejnit vybrané zboží")
        page.get_by_role("button", name="Provést").click()
        expect(page.locator(".messagelist")).to_contain_text(re.compile(r"Zveřejněn[oy]? \d+ produkt"))

        page.get_by_label("Jazyk").select_option("sk")  # the staff's own choice, kept in a cookie
        page.get_by_role("button", name="Přepnout", exact=True).click()
        expect(page.locator(".messagelist")).to_have_count(0)
        expect(page.locator("html")).to_have_attribute("lang", "sk")
        expect(page.get_by_role("button", name="Vykonať")).to_be_visible()

        page.goto(f"{live_server.url}/?lang=en")  # the storefront speaks the shopper's ?lang
        expect(page.get_by_role("combobox", name="Search products")).to_be_visible()
    finally:
        context.close()
