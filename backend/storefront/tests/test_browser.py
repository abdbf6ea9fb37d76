"""The storefront page in a real headless Chromium, against the live Django server, the real
Elasticsearch index and PostgreSQL (fixtures in conftest.py)."""
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
import requests
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

REPO_ROOT = Path(__file__).resolve().parents[3]
SCREENSHOT = REPO_ROOT / "artifacts" / "storefront-results.png"


def open_page(page, live_server, query=""):
    page.goto(f"{live_server.url}/{query}")


def api_answer(live_server, page_url):
    """What the search API says for the page's current URL state (the same query, minus lang)."""
    params = parse_qsl(urlsplit(page_url).query)
    lang = dict(params)["lang"]
    rest = urlencode([(key, value) for key, value in params if key != "lang"])
    response = requests.get(f"{live_server.url}/api/search/products/{lang}/?{rest}", timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def titles(page):
    return page.locator(".product .product-title")


def expect_count_as_api(page, live_server):
    """The page's heading and cards agree with the API for the state in the page's URL."""
    body = api_answer(live_server, page.url)
    expect(page.locator("#results-heading")).to_have_text(re.compile(rf"^{body['count']} "))
    expect(titles(page)).to_have_count(len(body["results"]))
    expect(titles(page)).to_have_text([item["title"] for item in body["results"]])
    return body["count"]


def test_czech_inflected_words_without_diacritics_find_the_product_first(page, live_server, catalog):
    open_page(page, live_server)
    expect(page).to_have_url(re.compile(r"\?lang=cs$"))
    expect(page.locator("#message")).to_have_text("Napište, co hledáte.")
    page.get_by_role("combobox", name="Hledat zboží").fill("cervene boty")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"[?&]q=cervene\+boty"))
    first = page.locator(".product").first
    expect(first.locator(".product-title")).to_have_text("Červená bota")
    expect(first.locator(".product-title mark").first).to_be_visible()
    expect(first.locator(".product-category")).to_have_text("Letní obuv")
    expect(first.locator(".badge")).to_have_text("Skladem")
    expect(first.locator(".product-price")).to_contain_text("900")
    expect(page.locator("#fallback-notice")).to_be_hidden()


def suggest_answer(live_server, q, lang="cs"):
    response = requests.get(f"{live_server.url}/api/search/suggest/{lang}/", params={"q": q}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_dropdown_walked_by_keyboard_opens_a_product_page(page, live_server, catalog):
    open_page(page, live_server, "?lang=cs")
    box = page.get_by_role("combobox", name="Hledat zboží")
    box.press_sequentially("bot", delay=30)
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    answer = suggest_answer(live_server, "bot")
    assert answer["categories"] and answer["products"]
    expect(listbox.get_by_role("group", name="Kategorie")).to_be_visible()
    products = listbox.get_by_role("group", name="Zboží").get_by_role("option")
    expect(products).to_have_count(len(answer["products"]))
    first = answer["products"][0]
    expect(products.first).to_contain_text(first["title"])
    expect(products.first.locator(".suggestion-price")).to_contain_text(str(int(float(first["price"]))))

    before = len(answer["queries"]) + len(answer["categories"])
    for _ in range(before + 1):
        box.press("ArrowDown")
    expect(products.first).to_have_attribute("aria-selected", "true")
    box.press("ArrowUp")  # back to the last category, then down again
    expect(listbox.get_by_role("group", name="Kategorie").get_by_role("option").last).to_have_attribute(
        "aria-selected", "true")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", products.first.get_attribute("id"))
    box.press("Enter")

    expect(page).to_have_url(re.compile(rf"/products/{first['id']}/\?lang=cs$"))
    expect(page.locator("h1.product-name")).to_have_text(first["title"])


def test_a_query_row_searches_it_and_a_category_row_searches_within_it(page, live_server, catalog):
    call_command("search_suggest_rollup")
    summer = catalog["categories"]["summer"]
    open_page(page, live_server, "?lang=cs")
    box = page.get_by_role("combobox", name="Hledat zboží")
    box.press_sequentially("letn", delay=30)
    listbox = page.get_by_role("listbox")
    queries = listbox.get_by_role("group", name="Hledané výrazy").get_by_role("option")
    expect(queries).to_have_text(["letní obuv"])
    categories = listbox.get_by_role("group", name="Kategorie").get_by_role("option")
    expect(categories).to_have_count(1)
    expect(categories.first).to_contain_text("Letní obuv")
    expect(categories.first).to_contain_text("3 produkty")

    box.press("ArrowDown")
    box.press("Enter")
    expect(listbox).to_be_hidden()
    expect(box).to_have_value("letní obuv")
    expect(page).to_have_url(re.compile(r"[?&]q=letn%C3%AD\+obuv(&|$)"))
    expect_count_as_api(page, live_server)

    box.fill("")
    box.press_sequentially("letn", delay=30)
    expect(categories).to_have_count(1)
    box.press("ArrowDown")
    box.press("ArrowDown")
    expect(categories.first).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(page).to_have_url(re.compile(rf"[?&]category={summer.id}(&|$)"))
    expect(box).to_have_value("Letní obuv")
    assert expect_count_as_api(page, live_server) == 3

    box.fill("")
    box.press_sequentially("mod", delay=30)
    expect(listbox).to_be_visible()
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_value("mod")


def test_facets_change_the_results_as_the_api_counts_them(page, live_server, catalog):
    open_page(page, live_server, "?lang=cs&q=bota")
    everything = expect_count_as_api(page, live_server)

    # The top level first; a category's subcategories appear once it is chosen.
    expect(page.get_by_role("radio", name=re.compile(r"^Letní obuv"))).to_have_count(0)
    page.get_by_role("radio", name=re.compile(r"^Obuv")).check()
    shoes = catalog["categories"]["shoes"].id
    expect(page).to_have_url(re.compile(rf"[?&]category={shoes}(&|$)"))
    in_shoes = expect_count_as_api(page, live_server)
    assert 0 < in_shoes < everything
    page.get_by_role("radio", name=re.compile(r"^Letní obuv")).check()
    summer = catalog["categories"]["summer"].id
    expect(page).to_have_url(re.compile(rf"[?&]category={summer}(&|$)"))
    expect(page.get_by_role("radio", name=re.compile(r"^Obuv"))).not_to_be_checked()  # the path stays shown
    in_summer = expect_count_as_api(page, live_server)
    assert 0 < in_summer < in_shoes

    page.get_by_role("checkbox", name="Jen skladem").check()
    expect(page).to_have_url(re.compile(r"[?&]in_stock=true"))
    in_stock = expect_count_as_api(page, live_server)
    assert 0 < in_stock < in_summer

    cheap = page.get_by_role("radio", name=re.compile(r"^0 – 500"))
    cheap_label = page.locator("label", has=page.locator("text=0 – 500"))
    facet_count = int(cheap_label.locator(".facet-count").inner_text())
    cheap.check()
    expect(page).to_have_url(re.compile(r"[?&]price_max=499\.99"))
    assert expect_count_as_api(page, live_server) == facet_count == 1

    # The state lives in the URL: back undoes the last filter, reload keeps it.
    page.go_back()
    expect(page).not_to_have_url(re.compile("price_max"))
    assert expect_count_as_api(page, live_server) == in_stock
    page.reload()
    expect(page.get_by_role("checkbox", name="Jen skladem")).to_be_checked()
    assert expect_count_as_api(page, live_server) == in_stock


def test_two_colours_show_as_chips_with_their_counts_and_a_chip_removes_its_filter(page, live_server, catalog):
    red, blue = catalog["values"]["red"].id, catalog["values"]["blue"].id
    open_page(page, live_server, "?lang=cs&q=bota")
    everything = expect_count_as_api(page, live_server)
    colours = page.locator("fieldset.facet", has=page.locator("legend", has_text="Barva"))
    expect(colours.locator("label")).to_have_text(["modrá1", "červená1"])

    colours.get_by_role("checkbox", name=re.compile(r"^červená")).check()
    expect(page).to_have_url(re.compile(rf"[?&]attr={red}(&|$)"))
    assert expect_count_as_api(page, live_server) == 1
    # Blue keeps its own count: a colour's siblings are counted without the colour filter.
    expect(colours.locator("label")).to_have_text(["modrá1", "červená1"])
    colours.get_by_role("checkbox", name=re.compile(r"^modrá")).check()
    expect(page).to_have_url(re.compile(rf"[?&]attr={blue}(&|$)"))
    expect(page).to_have_url(re.compile(rf"[?&]attr={red}(&|$)"))
    assert expect_count_as_api(page, live_server) == 2
    chips = page.locator("#active-filters .chip")
    expect(chips).to_have_count(2)
    expect(page.get_by_role("button", name="Odebrat filtr Barva: modrá")).to_be_visible()
    expect(page.get_by_role("button", name="Zrušit vše")).to_be_visible()
    expect(colours.get_by_role("checkbox")).to_have_count(2)
    expect(page.locator("#active-filters")).to_contain_text("Vybrané filtry:")

    page.get_by_role("button", name="Odebrat filtr Barva: červená").click()
    expect(page).not_to_have_url(re.compile(rf"[?&]attr={red}(&|$)"))
    expect(colours.get_by_role("checkbox", name=re.compile(r"^červená"))).not_to_be_checked()
    expect(colours.get_by_role("checkbox", name=re.compile(r"^modrá"))).to_be_checked()
    expect(chips).to_have_count(1)
    expect(chips.first).to_be_focused()
    assert expect_count_as_api(page, live_server) == 1

    page.get_by_role("checkbox", name=re.compile(r"^Jen skladem")).check()
    expect(page.get_by_role("button", name="Odebrat filtr Jen skladem")).to_be_visible()
    page.get_by_role("button", name="Zrušit vše").click()
    expect(page.locator("#active-filters")).to_be_hidden()
    expect(page).not_to_have_url(re.compile(r"attr=|in_stock="))
    assert expect_count_as_api(page, live_server) == everything


def test_what_the_query_asks_shows_as_chips_and_a_chip_searches_again_without_it(page, live_server, catalog):
    red = catalog["values"]["red"].id
    open_page(page, live_server, "?lang=cs&q=" + "červené boty do 1000 Kč".replace(" ", "+"))
    assert expect_count_as_api(page, live_server) == 1  # the red shoe at 900 Kč
    colour_chip = page.get_by_role("button", name=re.compile(r"^Odebrat filtr Barva: červená \(z „červené“\)"))
    price_chip = page.get_by_role("button", name=re.compile(r"^Odebrat filtr do .*1.000.*\(z „do 1000 Kč“\)"))
    expect(colour_chip).to_be_visible()
    expect(price_chip).to_be_visible()

    price_chip.click()
    expect(page).to_have_url(re.compile(r"[?&]skip=price_max(&|$)"))
    expect(price_chip).to_have_count(0)
    expect(colour_chip).to_be_visible()
    assert expect_count_as_api(page, live_server) == api_answer(live_server, page.url)["count"]

    colours = page.locator("fieldset.facet", has=page.locator("legend", has_text="Barva"))
    colours.get_by_role("checkbox", name=re.compile(r"^červená")).uncheck()  # unticking an understood colour
    expect(page).to_have_url(re.compile(rf"[?&]skip=attribute%3A{red}(&|$)"))
    expect(colour_chip).to_have_count(0)
    expect_count_as_api(page, live_server)


def test_switching_language_shows_translations_and_searches_in_it(page, live_server, catalog):
    open_page(page, live_server, "?lang=cs&q=SH-RED")
    expect(titles(page).first).to_have_text("Červená bota")

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"[?&]lang=en"))
    expect(titles(page).first).to_have_text("Red shoe")
    expect(page.locator(".product-category").first).to_have_text("Summer shoes")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="English")).to_have_attribute("aria-current", "true")

    box = page.get_by_role("combobox", name="Search products")
    box.fill("shoes")
    box.press("Enter")
    expect(titles(page)).to_have_count(3)
    expect(titles(page)).to_contain_text(["shoe", "shoe", "shoe"])
    expect_count_as_api(page, live_server)


def test_results_page_screenshot(page, live_server, catalog):
    open_page(page, live_server, "?lang=cs&q=bota")
    expect(titles(page)).to_have_count(5)
    expect(page.locator("fieldset.facet")).to_have_count(4)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    SCREENSHOT.unlink(missing_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 20_000


def test_empty_and_error_states(page, live_server, catalog):
    open_page(page, live_server, "?lang=cs&q=" + urlencode({"": "<img src=x onerror=alert(1)>"})[1:])
    empty = page.locator("#message .empty")
    expect(empty).to_have_text("Pro „<img src=x onerror=alert(1)>“ jsme nic nenašli.")
    expect(page.locator("#results-heading")).to_have_text("0 produktů")
    expect(page.locator("#results img")).to_have_count(0)

    open_page(page, live_server, "?lang=cs&q=bota&price_min=900&price_max=100")
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("price_min")
    expect(titles(page)).to_have_count(0)


def test_fallback_notice_when_search_answers_from_postgres(page, live_server, catalog, settings):
    settings.USE_ELASTIC = False
    open_page(page, live_server, "?lang=cs&q=bota")
    notice = page.locator("#fallback-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("zjednodušeném režimu")
    expect(titles(page).first).to_be_visible()


def test_a_misspelled_search_shows_the_corrected_query(page, live_server, catalog):
    """"botz" finds nothing as typed; the API corrects it and the page says so."""
    open_page(page, live_server, "?lang=cs")
    page.get_by_role("combobox", name="Hledat zboží").fill("botz")
    page.keyboard.press("Enter")

    notice = page.locator("#rescue-notice")
    expect(notice).to_be_visible()
    expect(notice).to_have_text("Zobrazujeme výsledky pro „bota“.")
    expect(titles(page).first).to_contain_text("bota")
    assert expect_count_as_api(page, live_server) > 0


def test_a_relaxed_search_says_not_every_word_matched_and_a_new_search_clears_it(page, live_server, catalog):
    open_page(page, live_server, "?lang=en")
    box = page.get_by_role("combobox", name="Search products")
    box.fill("shoe xyzzyq")
    page.keyboard.press("Enter")

    notice = page.locator("#rescue-notice")
    expect(notice).to_have_text("No product matches every word of “shoe xyzzyq”; showing the closest matches.")
    expect(titles(page).first).to_have_text("Red shoe")

    box.fill("red shoe")
    page.keyboard.press("Enter")
    expect(titles(page).first).to_have_text("Red shoe")
    expect(notice).to_be_hidden()


def test_a_short_page_filled_without_a_modifier_says_which_results_do_not_match_it(page, live_server, catalog):
    red = catalog["values"]["red"].id  # "red" undone as a filter: read as a word
    open_page(page, live_server, f"?lang=en&q=red+shoe&skip=attribute:{red}")

    notice = page.locator("#rescue-notice")
    expect(notice).to_have_text("Only 1 product matches every word; the results after it do not have to match “red”.")
    expect(titles(page)).to_have_text(["Red shoe", "Blue shoe", "Water shoe"])
    expect(page.locator("#results-heading")).to_have_text("1 product")


def test_switching_to_slovak_loads_the_search_in_slovak(page, live_server, catalog):
    open_page(page, live_server, "?lang=cs&q=bota&in_stock=true")
    expect(page.get_by_role("checkbox", name=re.compile(r"^Jen skladem"))).to_be_checked()

    page.get_by_role("link", name="Slovenčina").click()
    expect(page).to_have_url(re.compile(r"\?lang=sk&q=bota&in_stock=true$"))
    expect(page.locator("html")).to_have_attribute("lang", "sk")
    expect(page).to_have_title("Vyhľadávanie v katalógu")
    expect(page.get_by_role("combobox", name="Hľadať tovar")).to_have_value("bota")
    expect(page.get_by_role("button", name="Hľadať", exact=True)).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile(r"^Len skladom"))).to_be_checked()
    count = expect_count_as_api(page, live_server)
    expect(page.locator("#results-heading")).to_have_text(f"{count} produkty")  # 2-4: "few"
    expect(page.locator(".product .badge").first).to_have_text("Na sklade")
    expect(page.locator("#message")).to_have_text(f"Zobrazené 1–{count} z {count}")
    expect(page.get_by_role("link", name="Slovenčina")).to_have_attribute("aria-current", "true")


PRICES = [("cs", "1\xa0500,00\xa0Kč"), ("sk", "1\xa0500,00\xa0Kč"), ("en", "CZK 1,500.00")]


@pytest.mark.parametrize(("lang", "written"), PRICES)
def test_a_price_reads_the_same_in_the_results_and_on_the_product_page(page, live_server, catalog, lang, written):
    """The browser (Intl.NumberFormat and the JS catalogue) and the server (Django's localisation
    and the same catalogue) write a price one way."""
    open_page(page, live_server, f"?lang={lang}&q=SH-BLUE")
    result = page.locator(".product", has=page.locator(".product-sku", has_text="SH-BLUE"))
    listed = result.locator(".product-price")
    expect(listed).to_be_visible()
    assert listed.evaluate("node => node.textContent") == written
    result.locator(".product-link").click()
    expect(page).to_have_url(re.compile(rf"/products/\d+/\?lang={lang}$"))
    assert page.locator(".product-buy .product-price").evaluate("node => node.textContent") == written
