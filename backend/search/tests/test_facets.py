"""Faceted navigation on both backends, against counts taken in plain SQL here.

A generated catalog (3 colours, some products in two; 2 materials; a category
tree; prices across every range; stock or none) is searched with every
combination of one to three active filter groups. Each facet group must count
what the database holds with every other active filter but its own.
"""
import itertools
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from products.tests.factories import fake, make_attribute_value, make_category, make_product
from search.indexing.indices import alias, client

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]
PRICES = [Decimal(price) for price in ("120", "499.99", "500", "750", "1000", "1450", "2600", "7200")]


@pytest.fixture
def catalog():
    """About forty backpacks: the text matches them all, so the filters decide."""
    rng = random.Random(24)
    colours = [make_attribute_value("colour", code, {"cs": name}, {"cs": "Barva"})
               for code, name in (("red", "červená"), ("blue", "modrá"), ("green", "zelená"))]
    materials = [make_attribute_value("material", code, {"cs": name}, {"cs": "Materiál"})
                 for code, name in (("leather", "kůže"), ("textile", "textil"))]
    outdoor = make_category({"cs": "Outdoor"})
    city = make_category({"cs": "Město"})
    categories = [outdoor, make_category({"cs": "Turistika"}, parent=outdoor),
                  make_category({"cs": "Lezení"}, parent=outdoor), city, make_category({"cs": "Škola"}, parent=city)]
    for number in range(40):
        values = rng.sample(colours, rng.choice([0, 1, 1, 2])) + rng.sample(materials, rng.choice([0, 1, 1]))
        make_product({"cs": f"Batoh {fake.word()} {number}"}, price=rng.choice(PRICES), stock=rng.choice([0, 0, 3]),
                     category=rng.choice([*categories, None]), attribute_values=values, published=number % 13 != 5)
    client().indices.refresh(index=alias())
    selections = {  # group -> (API params, SQL condition on products p)
        "colour": ({"attr": [colours[0].id, colours[1].id]}, _carries([colours[0].id, colours[1].id])),
        "material": ({"attr": [materials[0].id]}, _carries([materials[0].id])),
        "category": ({"category": outdoor.id}, _under(outdoor.id)),
        "price": ({"price_min": "500", "price_max": "1999.99"}, "p.price BETWEEN 500 AND 1999.99"),
        "in_stock": ({"in_stock": "true"}, "p.stock > 0"),
    }
    return {"colour": colours, "material": materials, "roots": [outdoor, city], "selections": selections}


def _carries(value_ids):
    return ("EXISTS (SELECT 1 FROM products_productattribute pa WHERE pa.product_id = p.id"
            f" AND pa.attribute_value_id IN ({', '.join(map(str, value_ids))}))")


def _under(category_id):
    return (f"p.category_id IN (WITH RECURSIVE sub(id) AS (SELECT {int(category_id)}::bigint UNION ALL"
            " SELECT c.id FROM products_category c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub)")


def _sql(select, conditions):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select} FROM products_product p WHERE {' AND '.join(['p.is_published', *conditions])}")
        return cursor.fetchone()


def _count(*conditions):
    return _sql("count(*)", conditions)[0]


def expected_facets(catalog, groups):
    """What each group should count, read from the database with every other chosen filter."""
    def others(group):
        return [catalog["selections"][name][1] for name in groups if name != group]

    facets = {"count": _count(*others(None))}
    for kind in ("colour", "material"):
        chosen = catalog["selections"][kind][0]["attr"] if kind in groups else []
        counts = {value.id: _count(*others(kind), _carries([value.id])) for value in catalog[kind]}
        facets[kind] = {value_id: n for value_id, n in counts.items() if n or value_id in chosen}
    if "category" in groups:
        outdoor = catalog["roots"][0]
        shown = [outdoor, *outdoor.children.order_by("sort_order", "id")]
    else:
        shown = catalog["roots"]
    counts = {category.id: _count(*others("category"), _under(category.id)) for category in shown}
    facets["categories"] = {category_id: n for category_id, n in counts.items()
                            if n or ("category" in groups and category_id == shown[0].id)}
    facets["price"] = [_count(*others("price"), f"p.price >= {low or 0}", f"p.price < {high or 10 ** 12}")
                       for low, high in ((None, 500), (500, 1000), (1000, 2000), (2000, 5000), (5000, None))]
    low, high = _sql("min(price), max(price)", others("price"))
    facets["price_bounds"] = [None if value is None else f"{value:.2f}" for value in (low, high)]
    facets["in_stock"] = [_count(*others("in_stock"), "p.stock > 0"), _count(*others("in_stock"), "p.stock = 0")]
    return facets


def answered_facets(body, catalog):
    facets = body["facets"]
    groups = {group["id"]: {value["id"]: value["count"] for value in group["values"]} for group in facets["attributes"]}
    categories = facets["categories"]
    return {
        "count": body["count"],
        "colour": groups.get(catalog["colour"][0].attribute_type_id, {}),
        "material": groups.get(catalog["material"][0].attribute_type_id, {}),
        "categories": {row["id"]: row["count"] for row in categories["path"] + categories["children"]},
        "price": [row["count"] for row in facets["price"]["ranges"]],
        "price_bounds": [facets["price"]["min"], facets["price"]["max"]],
        "in_stock": [row["count"] for row in facets["in_stock"]],
    }


def search(params):
    response = APIClient().get("/api/search/products/cs/", {"q": "batoh", "limit": 100, **params})
    assert response.status_code == 200, response.content
    return response


@pytest.mark.parametrize("use_elastic", [True, False], ids=["elasticsearch", "postgres"])
def test_every_group_counts_with_the_other_filters_but_its_own(catalog, settings, use_elastic):
    settings.USE_ELASTIC = use_elastic
    names = list(catalog["selections"])
    combinations = [()] + [combo for size in (1, 2, 3) for combo in itertools.combinations(names, size)]
    assert len(combinations) == 26
    for groups in combinations:
        params = {}
        for name in groups:
            for key, value in catalog["selections"][name][0].items():
                params[key] = params.get(key, []) + value if key == "attr" else value
        response = search(params)
        assert response["X-Search-Backend"] == ("elasticsearch" if use_elastic else "postgres")
        body = response.json()
        assert answered_facets(body, catalog) == expected_facets(catalog, groups), groups
        assert len(body["results"]) == body["count"], groups


@pytest.fixture
def knives():
    """Kitchen knives in red, blue and black; one is red and blue; the black one is sold out."""
    colour = {code: make_attribute_value("colour", code, {"cs": name}, {"cs": "Barva"})
              for code, name in (("red", "červená"), ("blue", "modrá"), ("black", "černá"))}
    for values in (["red"], ["red"], ["red", "blue"], ["blue"], ["black"]):
        make_product({"cs": f"Kuchyňský nůž {fake.word()}"}, attribute_values=[colour[code] for code in values],
                     stock=0 if values == ["black"] else 4)
    client().indices.refresh(index=alias())
    return colour


def _colour_group(body):
    (group,) = body["facets"]["attributes"]
    return {value["label"]: (value["count"], value["selected"]) for value in group["values"]}


@pytest.mark.parametrize("use_elastic", [True, False], ids=["elasticsearch", "postgres"])
def test_two_colours_find_either_and_every_colour_stays_listed(knives, settings, use_elastic):
    settings.USE_ELASTIC = use_elastic

    def knife_search(**params):
        return APIClient().get("/api/search/products/cs/", {"q": "nůž", **params}).json()

    red = knife_search(attr=knives["red"].id)
    blue = knife_search(attr=knives["blue"].id)
    both = knife_search(attr=[knives["red"].id, knives["blue"].id])
    assert (red["count"], blue["count"], both["count"]) == (3, 2, 4)
    assert both["count"] >= max(red["count"], blue["count"])
    assert _colour_group(both) == {"modrá": (2, True), "červená": (3, True), "černá": (1, False)}
    assert _colour_group(red) == {"modrá": (2, False), "červená": (3, True), "černá": (1, False)}
    # A selected value that counts nothing with the other filters stays listed, to be unticked.
    sold_out = knife_search(attr=knives["black"].id, in_stock="true")
    assert sold_out["count"] == 0
    assert _colour_group(sold_out) == {"modrá": (2, False), "červená": (3, False), "černá": (0, True)}
    assert sold_out["facets"]["in_stock"] == [{"value": True, "count": 0, "selected": True},
                                              {"value": False, "count": 1, "selected": False}]


@pytest.mark.parametrize("use_elastic", [True, False], ids=["elasticsearch", "postgres"])
def test_the_price_facet_says_the_selected_range_and_the_bounds_without_it(knives, settings, use_elastic):
    settings.USE_ELASTIC = use_elastic
    make_product({"cs": "Nůž na chleba"}, price=Decimal("640.50"))
    make_product({"cs": "Nůž na sýr"}, price=Decimal("99.90"))
    client().indices.refresh(index=alias())
    body = APIClient().get("/api/search/products/cs/", {"q": "nůž", "price_min": "500", "price_max": "999.99"}).json()
    price = body["facets"]["price"]
    assert [row["key"] for row in price["ranges"] if row["selected"]] == ["500-1000"]
    low, high = _sql("min(price), max(price)", [])
    assert (price["min"], price["max"]) == (f"{low:.2f}", f"{high:.2f}")
    assert body["count"] == _count("p.price BETWEEN 500 AND 999.99")


def test_fallback_joins_do_not_grow_with_the_selected_values(knives, settings):
    """Fifty `attr=` were fifty joins once (a 101-join statement, about a second to plan)."""
    settings.USE_ELASTIC = False
    sizes = [make_attribute_value("size", str(size), {"cs": str(size)}).id for size in range(48)]

    def statement(value_ids):
        with CaptureQueriesContext(connection) as queries:
            body = APIClient().get("/api/search/products/cs/", {"q": "nůž", "attr": value_ids}).json()
        return body, max((query["sql"] for query in queries.captured_queries), key=len)

    two, few_sql = statement([knives["red"].id, knives["blue"].id])
    many, many_sql = statement([knives["red"].id, knives["blue"].id, *sizes])
    assert two["count"] == 4 and many["count"] == 0  # no knife has a size
    assert few_sql.upper().count("JOIN") == many_sql.upper().count("JOIN")
    assert few_sql.count("products_productattribute") == many_sql.count("products_productattribute") == 2


def test_a_colour_read_from_the_query_is_selected_in_its_group_and_its_siblings_stay(knives):
    """search/understanding applies "modrý" as attr=blue: the facet says so, and red and black
    keep their counts for the shopper to pick instead."""
    body = APIClient().get("/api/search/products/cs/", {"q": "modrý nůž"}).json()
    assert [item["kind"] for item in body["understood"]] == ["attribute"]
    assert body["count"] == 2
    assert _colour_group(body) == {"modrá": (2, True), "červená": (3, False), "černá": (1, False)}
