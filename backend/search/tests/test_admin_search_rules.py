"""Search → Rules in the admin: staff's input checked (refused with a message), times in the
shop's time zone, a saved rule live at once, and the preview as a shopper."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from products.tests.factories import make_category, make_product
from search.models import Rule
from search.tests.test_apis import ids, search

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]
ADD = "/admin/search/rule/add/"


def form(**fields):
    """The add form's fields as the admin posts them (a datetime is a date and a time)."""
    data = {"name": "rule", "condition": "any", "condition_text": "", "language": "", "priority": "0",
            "action": "banner", "target": "", "category": "", "attribute_value": "", "price_min": "",
            "price_max": "", "in_stock": "unknown", "strength": "3", "banner_text": "", "banner_link": "",
            "banner_image": "", "redirect_to": "",
            "active_from_0": "", "active_from_1": "", "active_until_0": "", "active_until_1": ""}
    return {**data, **fields}


def refused(response, field):
    assert response.status_code == 200, "the form should be shown again"
    errors = response.context["adminform"].form.errors
    assert field in errors, errors
    return " ".join(errors[field])


def test_an_empty_banner_is_refused(staff_client):
    message = refused(staff_client.post(ADD, form(banner_text="   ", banner_link="/sale/")), "banner_text")
    assert "needs its text" in message
    assert not Rule.objects.exists()


def test_a_redirect_to_a_host_staff_did_not_allow_is_refused(staff_client, settings):
    settings.SEARCH_REDIRECT_HOSTS = ["help.example.com"]
    for target in ["https://evil.example.net/", "http://help.example.com/", "//help.example.com/x",
                   "javascript:alert(1)", "https://user@help.example.com/"]:
        message = refused(staff_client.post(ADD, form(action="redirect", redirect_to=target)), "redirect_to")
        assert message, target
    assert "not one staff allowed" in refused(
        staff_client.post(ADD, form(action="redirect", redirect_to="https://evil.example.net/")), "redirect_to")
    assert not Rule.objects.exists()
    for target in ["https://help.example.com/returns", "/returns/"]:
        response = staff_client.post(ADD, form(action="redirect", condition="exact", condition_text=target,
                                               redirect_to=target))
        assert response.status_code == 302, response.context["adminform"].form.errors
    assert Rule.objects.count() == 2


def test_overlapping_schedules_with_the_same_condition_and_action_are_refused(staff_client):
    december = form(action="banner", banner_text="Christmas", banner_link="/xmas/", condition="contains",
                    condition_text="dárek", active_from_0="2026-12-01", active_from_1="00:00:00",
                    active_until_0="2027-01-01", active_until_1="00:00:00")
    assert staff_client.post(ADD, december).status_code == 302
    overlap = {**december, "name": "late", "active_from_0": "2026-12-24", "active_until_0": "2027-01-06"}
    assert "same condition and action" in refused(staff_client.post(ADD, overlap), "active_from")
    forever = {**december, "name": "forever", "language": "cs", "active_from_0": "", "active_from_1": "",
               "active_until_0": "", "active_until_1": ""}
    assert "same condition and action" in refused(staff_client.post(ADD, forever), "active_from")
    january = {**december, "name": "january", "active_from_0": "2027-01-01", "active_until_0": "2027-02-01"}
    assert staff_client.post(ADD, january).status_code == 302  # starts as the first ends
    other_word = {**overlap, "condition_text": "svíčka"}
    assert staff_client.post(ADD, other_word).status_code == 302
    saved = Rule.objects.get(name="rule")
    assert saved.active_from == datetime(2026, 12, 1, tzinfo=ZoneInfo("Europe/Prague"))  # the shop's time zone


def test_boosts_of_different_groups_may_overlap_but_not_of_the_same_group(staff_client):
    lights, candles = make_category({"cs": "Svítidla"}), make_category({"cs": "Svíčky"})
    boost = form(action="boost", target="category", category=str(lights.id), strength="4")
    assert staff_client.post(ADD, boost).status_code == 302
    assert staff_client.post(ADD, {**boost, "category": str(candles.id)}).status_code == 302
    assert "same condition and action" in refused(
        staff_client.post(ADD, {**boost, "action": "bury"}), "active_from")
    assert "strength" in refused(staff_client.post(ADD, {**boost, "category": "", "strength": "11"}), "strength")
    assert "category" in refused(staff_client.post(ADD, {**boost, "category": ""}), "category")


def test_a_rule_saved_in_the_admin_acts_on_the_next_search(staff_client):
    lamp, sold_out = make_product({"cs": "Lampa Alfa"}, stock=5), make_product({"cs": "Lampa Beta"}, stock=0)
    first_sold_out = make_product({"cs": "Lampa Cyan"}, stock=0)
    assert ids(search(q="lampa")) == [lamp.id, sold_out.id, first_sold_out.id]
    response = staff_client.post(ADD, form(action="bury", target="stock", in_stock="false", strength="10"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    later = make_product({"cs": "Lampa Delta"}, stock=3)
    assert ids(search(q="lampa")) == [lamp.id, later.id, sold_out.id, first_sold_out.id]


def test_the_preview_shows_the_ranking_with_and_without_each_rule(staff_client):
    lights = make_category({"cs": "Svítidla"})
    plain, lit = make_product({"cs": "Lampa Alfa"}), make_product({"cs": "Lampa Beta"}, category=lights)
    boost = Rule.objects.create(name="Light up", action=Rule.BOOST, target=Rule.CATEGORY, category=lights)
    banner = Rule.objects.create(name="Sale", action=Rule.BANNER, banner_text="Lamps on sale", banner_link="/s/")
    search(q="lampa")  # refreshes the index
    page = staff_client.get("/admin/search/rule/preview/", {"q": "lampa", "language": "cs"})
    assert page.status_code == 200
    rankings = {ranking.label: [product_id for product_id, _ in ranking.products]
                for ranking in page.context["preview"].rankings}
    assert rankings == {"with every rule": [lit.id, plain.id], f"without rule {boost.id}": [plain.id, lit.id],
                        f"without rule {banner.id}": [lit.id, plain.id], "without any rule": [plain.id, lit.id]}
    html = page.content.decode()
    assert "Lamps on sale" in html and "Lampa Beta" in html and "Light up" in html
    listing = staff_client.get("/admin/search/rule/")
    assert listing.content.decode().count("/admin/search/rule/preview/") == 1
    Rule.objects.filter(pk=banner.pk).update(active_until=timezone.now())
    active = {row.pk: listing.context["cl"].model_admin.active_now(row) for row in Rule.objects.all()}
    assert active == {boost.pk: True, banner.pk: False}


def test_the_preview_names_bad_input_and_refuses_shoppers(staff_client, client):
    page = staff_client.get("/admin/search/rule/preview/", {"q": "x" * 70, "language": "cs"})
    assert page.status_code == 200 and "at most 64 letters" in page.context["preview"].error
    assert staff_client.get("/admin/search/rule/preview/", {"q": "a", "language": "xx"}).status_code == 200
    client.logout()
    assert client.get("/admin/search/rule/preview/", {"q": "a", "language": "cs"}).status_code == 302


def test_staff_read_the_rules_admin_and_its_refusals_in_their_language(staff_client, settings):
    settings.SEARCH_REDIRECT_HOSTS = ["help.example.com"]
    czech = staff_client.post(ADD, form(banner_text=" ", banner_link="/sale/"), HTTP_ACCEPT_LANGUAGE="cs")
    assert refused(czech, "banner_text") == "Banner potřebuje text."
    host = staff_client.post(ADD, form(action="redirect", redirect_to="https://evil.example.net/"),
                             HTTP_ACCEPT_LANGUAGE="cs")
    assert refused(host, "redirect_to") == (
        "Server evil.example.net není mezi povolenými (SEARCH_REDIRECT_HOSTS: help.example.com).")
    slovak = staff_client.get(ADD, HTTP_ACCEPT_LANGUAGE="sk").content.decode()
    for text in ["Posunúť nahor alebo nadol", "Časy sú v časovom pásme obchodu.", "Podmienka", "zobraziť banner",
                 "v kategórii (vrátane podkategórií)", "všetky jazyky"]:
        assert text in slovak, text
    assert not Rule.objects.exists()
    Rule.objects.create(name="Sale", action=Rule.BANNER, banner_text="Sale", banner_link="/sale/")
    listing = staff_client.get("/admin/search/rule/", HTTP_ACCEPT_LANGUAGE="sk").content.decode()
    assert "Náhľad dopytu očami zákazníka" in listing and "Platí teraz" in listing and "zobraziť banner" in listing


def test_the_preview_speaks_the_staffs_language(staff_client):
    lights = make_category({"cs": "Svítidla"})
    make_product({"cs": "Lampa Alfa"}, category=lights)
    boost = Rule.objects.create(name="Light up", action=Rule.BOOST, target=Rule.CATEGORY, category=lights)
    search(q="lampa")  # refreshes the index
    page = staff_client.get("/admin/search/rule/preview/", {"q": "lampa", "language": "cs"}, HTTP_ACCEPT_LANGUAGE="cs")
    labels = [ranking.label for ranking in page.context["preview"].rankings]
    assert labels == ["se všemi pravidly", f"bez pravidla {boost.id}", "bez jakéhokoli pravidla"]
    html = page.content.decode()
    assert "Náhled dotazu očima zákazníka" in html and ">Pravidla</a>" in html and "Odpověděl elasticsearch." in html
