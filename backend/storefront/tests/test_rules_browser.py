"""Staff's search rules in the storefront, in a real headless Chromium against the live server,
Elasticsearch and PostgreSQL: a banner shows above the results, a redirect is followed."""
import re

import pytest
from playwright.sync_api import expect

from search.models import Rule

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("use_elastic", [True, False], ids=["elasticsearch", "postgres"])
def test_a_banner_shows_above_the_results(page, live_server, catalog, settings, use_elastic):
    settings.USE_ELASTIC = use_elastic
    Rule.objects.create(name="Summer", action=Rule.BANNER, condition=Rule.CONTAINS, condition_text="bota",
                        banner_text="Letní výprodej bot", banner_link="/?lang=cs&q=sand%C3%A1l",
                        banner_image="/static/storefront/missing.png")
    page.goto(f"{live_server.url}/?lang=cs&q=boty")
    banner = page.locator("#banners .search-banner")
    expect(banner).to_have_count(1)
    expect(banner.get_by_role("link")).to_have_text("Letní výprodej bot")
    expect(banner.locator("img.banner-image")).to_have_count(1)
    expect(banner.get_by_role("link")).to_have_attribute("href", "/?lang=cs&q=sand%C3%A1l")
    box, first = banner.bounding_box(), page.locator(".product").first.bounding_box()
    assert box["y"] + box["height"] <= first["y"], "the banner is above the results"

    page.get_by_role("combobox", name="Hledat zboží").fill("kabát")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q=kab%C3%A1t"))
    expect(page.locator("#banners")).to_be_hidden()


def test_a_redirected_query_opens_the_page_staff_chose(page, live_server, catalog):
    target = catalog["red_shoe"]
    Rule.objects.create(name="Returns", action=Rule.REDIRECT, condition=Rule.EXACT, condition_text="reklamace",
                        redirect_to=f"/products/{target.id}/?lang=cs")
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"\?lang=cs$"))
    page.get_by_role("combobox", name="Hledat zboží").fill("Reklamace")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/products/{target.id}/?lang=cs")
    expect(page.get_by_role("heading", level=1)).to_have_text("Červená bota")
    page.go_back()  # the search that redirected was replaced: back is where the shopper searched from
    expect(page).to_have_url(re.compile(r"/\?lang=cs$"))
