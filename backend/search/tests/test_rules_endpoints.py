"""Staff's rules act on every endpoint that searches text, not only /api/search/products/:
the DSL endpoint ranks with the boosts and answers the banners and the redirect, the seed's
plain-list route ranks with them and names the redirect in a header."""
import pytest

from search.models import Rule
from search.tests.test_rules import lamps, names, rule  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]
DSL = "/api/search/dsl/products/"


def dsl_names(response, lamps):  # noqa: F811
    by_id = {product.id: name for name, product in lamps.items() if hasattr(product, "stock")}
    return [by_id[int(hit["id"])] for hit in response.json()["results"]]


def test_the_dsl_endpoint_ranks_with_boosts_and_answers_banners_and_the_redirect(client, lamps):  # noqa: F811
    params = {"search": "lampa", "lang": "cs"}
    assert dsl_names(client.get(DSL, params), lamps) == ["alfa", "beta", "gama", "delta"]
    boost = rule(target=Rule.CATEGORY, category=lamps["christmas"])
    banner = rule(action=Rule.BANNER, condition=Rule.CONTAINS, condition_text="lampa", banner_text="Lamps -20 %")
    answer = client.get(DSL, params)
    assert dsl_names(answer, lamps) == ["delta", "alfa", "beta", "gama"]
    assert answer.json()["count"] == 4 and answer.json()["rules"] == [boost.id, banner.id]
    assert [item["text"] for item in answer.json()["banners"]] == ["Lamps -20 %"]
    assert answer.json()["redirect"] is None


def test_the_dsl_endpoint_keeps_an_explicit_ordering_exact(client, lamps):  # noqa: F811
    rule(target=Rule.CATEGORY, category=lamps["christmas"], strength=10)
    answer = client.get(DSL, {"search": "lampa", "lang": "cs", "ordering": "price"})
    assert dsl_names(answer, lamps) == ["alfa", "beta", "gama", "delta"] and answer.json()["rules"] == []


def test_the_dsl_endpoint_answers_a_redirect(client, lamps):  # noqa: F811
    sent = rule(action=Rule.REDIRECT, condition=Rule.EXACT, condition_text="reklamace", redirect_to="/returns/")
    answer = client.get(DSL, {"search": "reklamace", "lang": "cs"}).json()
    assert answer["redirect"] == "/returns/" and answer["rules"] == [sent.id]


def test_the_seed_route_ranks_with_boosts_and_names_the_redirect_in_a_header(client, lamps):  # noqa: F811
    rule(action=Rule.BURY, target=Rule.STOCK, in_stock=False, strength=10)
    listed = client.get("/api/search/storefront/product/cs/lampa/")
    assert [lamps_name for lamps_name in names_of(listed.json(), lamps)] == ["beta", "gama", "delta", "alfa"]
    assert "X-Search-Redirect" not in listed
    rule(action=Rule.REDIRECT, condition=Rule.EXACT, condition_text="reklamace", redirect_to="/returns/")
    assert client.get("/api/search/storefront/product/cs/reklamace/")["X-Search-Redirect"] == "/returns/"


def names_of(results, lamps):  # noqa: F811
    by_id = {product.id: name for name, product in lamps.items() if hasattr(product, "stock")}
    return [by_id[item["id"]] for item in results]
