"""Staff's search rules acting on both backends: boosts and buries reorder without hiding,
banners and redirects are returned, schedules start and stop them, a bad rule is skipped."""
import json
import logging
from datetime import timedelta

import pytest
import schemathesis
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from elasticsearch_dsl import Q
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from config.wsgi import application

from products.tests.factories import make_attribute_value, make_category, make_product
from search.models import Rule, RulesVersion
from search.rule_actions import rule_actions
from search.rules import search_rules
from search.selectors.elastic import product_search_body
from search.tests.test_apis import ids, search
from search.tests.test_curations import curate

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]


@pytest.fixture
def lamps():
    """Four lamps alike for the text (ranked by id when nothing else differs)."""
    lights = make_category({"cs": "Svítidla"})
    christmas = make_category({"cs": "Vánoční"}, parent=lights)
    brass = make_attribute_value("material", "brass", {"cs": "mosaz"})
    return {
        "alfa": make_product({"cs": "Lampa Alfa"}, price=500, stock=0, category=lights),
        "beta": make_product({"cs": "Lampa Beta"}, price=900, category=lights),
        "gama": make_product({"cs": "Lampa Gama"}, price=1500, category=lights, attribute_values=[brass]),
        "delta": make_product({"cs": "Lampa Delta"}, price=2500, category=christmas),
        "lights": lights, "christmas": christmas, "brass": brass,
    }


def rule(**fields):
    values = {"name": "test rule", "action": Rule.BOOST, "strength": 5, **fields}
    return Rule.objects.create(**values)


def names(response, lamps):
    by_id = {product.id: name for name, product in lamps.items() if hasattr(product, "stock")}
    return [by_id[product_id] for product_id in ids(response)]


def test_without_rules_the_lamps_rank_by_id_on_both_backends(backend, lamps):
    response = search(q="lampa")
    assert response["X-Search-Backend"] == backend
    assert names(response, lamps) == ["alfa", "beta", "gama", "delta"]
    assert response.json()["rules"] == [] and response.json()["banners"] == []
    assert response.json()["redirect"] is None


def test_boosting_a_category_includes_its_subcategories_and_hides_nothing(backend, lamps):
    boost = rule(target=Rule.CATEGORY, category=lamps["christmas"])
    response = search(q="lampa")
    assert names(response, lamps) == ["delta", "alfa", "beta", "gama"]
    assert response.json()["count"] == 4 and response.json()["rules"] == [boost.id]
    parent = Rule.objects.create(name="parent", action=Rule.BURY, target=Rule.CATEGORY, category=lamps["lights"])
    assert names(search(q="lampa"), lamps) == ["delta", "alfa", "beta", "gama"]  # delta is in both: even
    parent.delete()
    boost.delete()
    assert names(search(q="lampa"), lamps) == ["alfa", "beta", "gama", "delta"]


def test_burying_sold_out_products_everywhere_puts_them_last(backend, lamps):
    bury = rule(action=Rule.BURY, target=Rule.STOCK, in_stock=False, strength=10)
    response = search(q="lampa")
    assert names(response, lamps) == ["beta", "gama", "delta", "alfa"]
    assert response.json()["count"] == 4 and response.json()["rules"] == [bury.id]
    assert names(search(q="lampa gama"), lamps)[0] == "gama"  # other queries too


def test_boost_by_attribute_value_and_bury_by_price_range(backend, lamps):
    rule(target=Rule.ATTRIBUTE, attribute_value=lamps["brass"])
    assert names(search(q="lampa"), lamps) == ["gama", "alfa", "beta", "delta"]
    Rule.objects.all().delete()
    rule(action=Rule.BURY, target=Rule.PRICE, price_min=400, price_max=1000)
    assert names(search(q="lampa"), lamps) == ["gama", "delta", "alfa", "beta"]


def test_an_explicit_sort_stays_exact(backend, lamps):
    rule(target=Rule.CATEGORY, category=lamps["christmas"], strength=10)
    response = search(q="lampa", sort="-price")
    assert names(response, lamps) == ["delta", "gama", "beta", "alfa"]
    assert response.json()["rules"] == []
    assert names(search(q="lampa", sort="price"), lamps) == ["alfa", "beta", "gama", "delta"]


def test_filters_and_pages_see_the_same_boosted_order(backend, lamps):
    rule(target=Rule.CATEGORY, category=lamps["christmas"])
    first, second = search(q="lampa", limit=2), search(q="lampa", limit=2, offset=2)
    assert names(first, lamps) + names(second, lamps) == ["delta", "alfa", "beta", "gama"]
    assert names(search(q="lampa", price_min=800), lamps) == ["delta", "beta", "gama"]


def test_pins_stay_first_and_hidden_products_hidden_whatever_the_rules(backend, lamps):
    rule(action=Rule.BURY, target=Rule.STOCK, in_stock=False, strength=10)
    curate("lampa", pins=[lamps["alfa"]], hides=[lamps["beta"]])
    assert names(search(q="lampa"), lamps) == ["alfa", "gama", "delta"]


def test_banner_and_redirect_are_returned(backend, lamps):
    banner = rule(action=Rule.BANNER, condition=Rule.CONTAINS, condition_text="lampa",
                  banner_text="Lamps -20 % this week", banner_link="/?lang=cs&q=lampa", banner_image="/static/x.png")
    redirect = rule(action=Rule.REDIRECT, condition=Rule.EXACT, condition_text="reklamace",
                    redirect_to="/returns/")
    inflected = search(q="stolní lampy").json()  # the word matched by its lemma
    assert inflected["banners"] == [{"id": banner.id, "text": "Lamps -20 % this week", "link": "/?lang=cs&q=lampa",
                                     "image": "/static/x.png"}]
    assert inflected["redirect"] is None and inflected["rules"] == [banner.id]
    sent = search(q="Reklamace!").json()  # the exact query, normalised
    assert sent["redirect"] == "/returns/" and sent["rules"] == [redirect.id] and sent["banners"] == []
    assert search(q="reklamace zboží").json()["redirect"] is None  # not exactly the query


def test_banners_in_priority_order_and_the_highest_priority_redirect_wins(backend, lamps):
    low = rule(action=Rule.BANNER, banner_text="second", banner_link="/a/", priority=1)
    high = rule(action=Rule.BANNER, condition=Rule.CONTAINS, condition_text="lampa", banner_text="first",
                banner_link="/b/", priority=5)
    rule(action=Rule.REDIRECT, redirect_to="/everything/", priority=1)
    winner = rule(action=Rule.REDIRECT, condition=Rule.EXACT, condition_text="lampa", redirect_to="/lamps/",
                  priority=2)
    body = search(q="lampa").json()
    assert [banner["text"] for banner in body["banners"]] == ["first", "second"]
    assert body["redirect"] == "/lamps/" and body["rules"] == [high.id, winner.id, low.id]


def test_rules_act_only_within_their_schedule_and_language(backend, lamps):
    now = timezone.now()
    rule(target=Rule.CATEGORY, category=lamps["christmas"], active_until=now - timedelta(seconds=1))
    rule(target=Rule.CATEGORY, category=lamps["christmas"], active_from=now + timedelta(days=1))
    rule(target=Rule.CATEGORY, category=lamps["christmas"], language="en")
    assert names(search(q="lampa"), lamps)[0] == "alfa"
    running = rule(target=Rule.CATEGORY, category=lamps["christmas"], active_from=now - timedelta(days=1),
                   active_until=now + timedelta(days=1), language="cs")
    response = search(q="lampa")
    assert names(response, lamps)[0] == "delta" and response.json()["rules"] == [running.id]


def test_a_cached_rule_stops_at_active_until_without_a_reload(lamps):
    until = timezone.now() + timedelta(hours=1)
    banner = rule(action=Rule.BANNER, banner_text="Sale", banner_link="/sale/", active_until=until)
    cached = search_rules()
    assert rule_actions(cached, "cs", "lampa", "relevance", now=until - timedelta(seconds=1)).acted == (banner.id,)
    assert rule_actions(cached, "cs", "lampa", "relevance", now=until).acted == ()


def test_another_process_change_acts_after_the_recheck_interval(settings, lamps):
    settings.SEARCH_RULES_RECHECK_SECONDS = 60
    assert search(q="lampa").json()["rules"] == []
    # Another process saved a rule: its signal bumped the version row, not this process's copy.
    Rule.objects.bulk_create([Rule(name="x", action=Rule.REDIRECT, redirect_to="/x/")])
    RulesVersion.objects.update_or_create(pk=1, defaults={"version": 99})
    assert search(q="lampa").json()["redirect"] is None  # within the interval: the cached copy
    settings.SEARCH_RULES_RECHECK_SECONDS = 0
    assert search(q="lampa").json()["redirect"] == "/x/"


def test_a_rule_that_cannot_be_applied_is_logged_and_skipped(backend, lamps, caplog, settings):
    settings.SEARCH_RULES_RECHECK_SECONDS = 60
    gone = make_category({"cs": "Zrušená"})
    broken = rule(target=Rule.CATEGORY, category=gone)
    banner = rule(action=Rule.BANNER, banner_text="Still shown", banner_link="/x/")
    assert search(q="lampa").json()["rules"] == [broken.id, banner.id]  # cached with its category
    gone.delete()  # the rule keeps its row, without its category; the cached copy is dropped
    with caplog.at_level(logging.ERROR, logger="search.rule_actions"):
        response = search(q="lampa")
    assert names(response, lamps) == ["alfa", "beta", "gama", "delta"]
    assert response.json()["rules"] == [banner.id]
    assert f"search rule {broken.id} could not be applied" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="search.rule_actions"):
        assert search(q="lampa").json()["rules"] == [banner.id]
    assert caplog.text == ""  # logged once, not on every search


def test_a_redirect_to_a_host_no_longer_allowed_is_skipped(backend, lamps, settings):
    settings.SEARCH_REDIRECT_HOSTS = ["help.example.com"]
    redirect = rule(action=Rule.REDIRECT, redirect_to="https://help.example.com/returns", priority=5)
    fallback = rule(action=Rule.REDIRECT, redirect_to="/returns/", condition=Rule.EXACT, condition_text="lampa")
    assert search(q="lampa").json()["redirect"] == "https://help.example.com/returns"
    settings.SEARCH_REDIRECT_HOSTS = []
    body = search(q="lampa").json()
    assert body["redirect"] == "/returns/" and body["rules"] == [fallback.id]
    assert redirect.id not in body["rules"]


def test_without_boosts_the_elasticsearch_request_is_unchanged(lamps):
    params = {"q": "lampa", "sort": "relevance", "offset": 0, "limit": 20}
    plain = product_search_body(Q("match_all"), params)
    assert "bool" in plain["query"]
    boosts = rule_actions([rule(target=Rule.STOCK, in_stock=True)], "cs", "x", "relevance").boosts
    boosted = product_search_body(Q("match_all"), {**params, "rule_boosts": boosts})
    assert boosted["query"]["function_score"]["query"] == plain["query"]


def test_a_response_with_banners_and_a_redirect_conforms_to_the_openapi_schema(lamps):
    schema = schemathesis.openapi.from_dict(
        json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True))))
    rule(action=Rule.BANNER, banner_text="Sale", banner_link="/sale/")
    rule(action=Rule.BANNER, condition=Rule.EXACT, condition_text="lampa", banner_text="Lamps", banner_link="/l/",
         banner_image="/static/l.png")
    rule(action=Rule.REDIRECT, condition=Rule.EXACT, condition_text="lampa", redirect_to="/lamps/")
    operation = schema["/api/search/products/{lang}/"]["GET"]
    for text in ["lampa", "stůl"]:  # a redirect and two banners; one banner and no redirect
        case = operation.Case(path_parameters={"lang": "cs"}, query={"q": text})
        response = case.call_and_validate(app=application, checks=[not_a_server_error, response_schema_conformance])
        assert response.json()["banners"]


KINDS = {
    "boost": (lambda lamps: {"action": Rule.BOOST, "target": Rule.CATEGORY, "category": lamps["christmas"]},
              lambda body, order: order[0] == "delta"),
    "bury": (lambda lamps: {"action": Rule.BURY, "target": Rule.STOCK, "in_stock": False},
             lambda body, order: order[-1] == "alfa"),
    "banner": (lambda lamps: {"action": Rule.BANNER, "banner_text": "Sale", "banner_link": "/sale/"},
               lambda body, order: [banner["text"] for banner in body["banners"]] == ["Sale"]),
    "redirect": (lambda lamps: {"action": Rule.REDIRECT, "redirect_to": "/lamps/"},
                 lambda body, order: body["redirect"] == "/lamps/"),
}


def _another_process_saves():
    """What a save in another process leaves here: the rows and a newer version, no signal."""
    version = RulesVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0
    RulesVersion.objects.update_or_create(pk=1, defaults={"version": version + 1})


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_saved_elsewhere_acts_after_the_recheck_interval_and_stops_at_active_until(
        backend, lamps, settings, kind):
    fields, acted = KINDS[kind]
    settings.SEARCH_RULES_RECHECK_SECONDS = 60

    def shown():
        response = search(q="lampa")
        return response.json(), names(response, lamps)

    assert not acted(*shown())  # and this process now holds its copy
    until = timezone.now() + timedelta(hours=1)
    created = Rule.objects.bulk_create([Rule(name=kind, strength=10, active_until=until, **fields(lamps))])[0]
    _another_process_saves()
    assert not acted(*shown())  # within the interval: the cached copy
    settings.SEARCH_RULES_RECHECK_SECONDS = 0
    body, order = shown()
    assert acted(body, order) and body["rules"] == [created.id] and body["count"] == 4
    Rule.objects.filter(pk=created.pk).update(active_until=timezone.now() - timedelta(seconds=1))
    _another_process_saves()
    body, order = shown()
    assert not acted(body, order) and body["rules"] == [] and order == ["alfa", "beta", "gama", "delta"]
