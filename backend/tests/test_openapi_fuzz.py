"""Schemathesis against our own OpenAPI schema, in-process over WSGI, anonymous and
as staff: no response is a 5xx, and responses conform to the schema. Then hostile
input on every operation of the schema (staff ones authenticated): deep, large and
many-field bodies, Unicode digits, numbers past any column or past int() parsing,
NUL bytes and tsquery syntax, with Elasticsearch and with the PostgreSQL fallback:
every answer is below 500 and JSON."""
import json
import re

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, given, settings, strategies as st
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from config.wsgi import application
from products.tests.factories import make_category, make_product
from search.indexing.indices import alias, client

CHECKS = [not_a_server_error, response_schema_conformance]


def _served_schema():
    """The document /api/schema/ serves, built directly (no request, so no database)."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(_served_schema())


@pytest.fixture
def catalog(product_index, inprocess_sync):
    category = make_category({"cs": "Obuv"})
    make_product({"cs": "Červená bota"}, category=category)
    make_product({"cs": "Skrytá bota"}, published=False)
    client().indices.refresh(index=alias())


@pytest.fixture
def staff_token():
    user = get_user_model().objects.create_user("fuzz-staff", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__endswith="_product"))
    return Token.objects.create(user=user).key


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_anonymous_requests_never_fail(case, catalog):
    case.call_and_validate(app=application, checks=CHECKS)


@pytest.mark.django_db(transaction=True)
@schema.include(path_regex="^/api/staff/").parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_staff_requests_never_fail(case, catalog, staff_token):
    case.call_and_validate(app=application, headers={"Authorization": f"Token {staff_token}"}, checks=CHECKS)


# --- Hostile input on every operation ------------------------------------------------

OPERATIONS = [
    (path, method.upper(), operation)
    for path, methods in schema.raw_schema["paths"].items() for method, operation in methods.items()
]
WRITES = [(path, method) for path, method, operation in OPERATIONS if method in {"POST", "PUT", "PATCH"}]
READS = [(path, [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"])
         for path, method, operation in OPERATIONS if method == "GET"]
# The DSL endpoint's filters are not in the schema (the package parses them itself).
DSL_FILTERS = ["category__in", "attribute__in", "price__range", "price__gte", "in_stock", "sku", "ordering",
               "facet", "highlight", "title_cs__completion"]
BODY_FIELDS = ["sku", "price", "stock", "category", "attribute_values", "is_published", "translations",
               "email", "language", "username", "password"]

unicode_digits = st.text(st.characters(categories=["Nd", "No"]), min_size=1, max_size=20)
huge_numbers = st.sampled_from([str(2**63), str(10**30), "9" * 1000, "9" * 5000, "-" + "9" * 5000, "1e999999"])
nasty_text = st.sampled_from(["\x00", "a\x00b", "㈠", "(一):*", "a & b | !c", "'", "\\", "<img onerror=x>",
                              "%00", "null", "[]", "{}"])
hostile_scalar = st.one_of(unicode_digits, huge_numbers, nasty_text, st.text(max_size=30))
hostile_id = st.one_of(unicode_digits, huge_numbers, st.sampled_from(["0", "-1", "1.5", "1e3", "٣"]))


def _raw_json_value(draw):
    value = draw(hostile_scalar)
    if re.fullmatch(r"-?[0-9]+(e[0-9]+)?", value) and draw(st.booleans()):
        return value  # as a JSON number, written out (json.dumps refuses ints past 4300 digits)
    return json.dumps(value)


@st.composite
def hostile_bodies(draw):
    """(content type, body bytes)."""
    kind = draw(st.sampled_from(["fields", "deep", "large", "many_form", "many_multipart", "form"]))
    if kind == "fields":
        fields = draw(st.lists(st.sampled_from(BODY_FIELDS), min_size=1, max_size=6, unique=True))
        pairs = ", ".join(f'"{name}": {_raw_json_value(draw)}' for name in fields)
        return "application/json", ("{" + pairs + "}").encode()
    if kind == "deep":
        depth = draw(st.sampled_from([33, 100, 999, 5000, 100_000]))
        opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
        return "application/json", (opener * depth + "1" + closer * depth).encode()
    if kind == "large":
        size = draw(st.sampled_from([1024 * 1024 + 1, 3 * 1024 * 1024]))
        return draw(st.sampled_from([
            ("application/json", b'{"email": "' + b"a" * size + b'"}'),
            ("application/x-www-form-urlencoded", b"email=" + b"a" * size),
        ]))
    if kind == "many_form":
        count = draw(st.sampled_from([1001, 5000]))
        return "application/x-www-form-urlencoded", "&".join(f"f{n}=1" for n in range(count)).encode()
    if kind == "many_multipart":
        count = draw(st.sampled_from([1001, 3000]))
        parts = "".join(f'--B\r\nContent-Disposition: form-data; name="f{n}"\r\n\r\n1\r\n' for n in range(count))
        return "multipart/form-data; boundary=B", (parts + "--B--\r\n").encode()
    fields = draw(st.lists(st.sampled_from(BODY_FIELDS), min_size=1, max_size=6, unique=True))
    from urllib.parse import urlencode
    return "application/x-www-form-urlencoded", urlencode({name: draw(hostile_scalar) for name in fields}).encode()


def _fill(path, draw_id, product_id):
    path = path.replace("{lang}", "cs").replace("{query}", "bota")
    return path.replace("{id}", draw_id if draw_id is not None else str(product_id))


def _assert_json_below_500(response, what):
    assert response.status_code < 500, (what, response.status_code, response.content[:300])
    if response.status_code != 204:
        assert response["Content-Type"].startswith("application/json"), (what, response["Content-Type"])


@pytest.fixture
def hostile_catalog(catalog, staff_token):
    from products.models import Product

    return Product.objects.filter(is_published=True).values_list("id", flat=True).first(), staff_token


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path,method", WRITES)
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=hostile_bodies(), bad_id=st.none() | hostile_id, as_staff=st.booleans())
def test_hostile_bodies_never_fail(hostile_catalog, path, method, body, bad_id, as_staff):
    product_id, token = hostile_catalog
    api = APIClient()
    if as_staff or path.startswith("/api/staff/"):
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    url = _fill(path, bad_id, product_id)
    content_type, data = body
    response = api.generic(method, url, data=data, content_type=content_type)
    _assert_json_below_500(response, (method, url, content_type, data[:120]))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path,names", READS)
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data(), bad_id=st.none() | hostile_id, use_elastic=st.booleans())
def test_hostile_query_parameters_never_fail(hostile_catalog, path, names, data, bad_id, use_elastic):
    product_id, token = hostile_catalog
    names = names + (DSL_FILTERS if path == "/api/search/dsl/products/" else []) + ["q"]
    chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True))
    params = {name: data.draw(hostile_scalar) for name in chosen}
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    url = _fill(path, bad_id, product_id)
    with override_settings(USE_ELASTIC=use_elastic):
        response = api.get(url, params)
    _assert_json_below_500(response, (url, params, use_elastic))


# --- Extremes on every public GET parameter: the breaker stays closed ------------------

PUBLIC_PARAMS = [
    (path, name) for path, names in READS if not path.startswith("/api/staff/")
    for name in sorted(set(names + (DSL_FILTERS if path == "/api/search/dsl/products/" else [])) | {"q"})
]
EXTREMES = [str(2**63), str(2**63 - 1), str(-2**63 - 1), str(2**64), "9" * 40, "-" + "9" * 40, "0", "-1",
            "1e308", "-1e308", "9999999999.99", "99999999999.99", "0.001", "1__" + "9" * 40,
            "9" * 25 + "__" + "9" * 25, "a" * 400, "stul" + "\ufdfa" * 50, "\ufdfa " * 60]
extreme_value = st.one_of(
    st.sampled_from(EXTREMES), st.integers().map(str),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.text(min_size=150, max_size=400), st.text(st.sampled_from("\ufdfa\u3392a "), min_size=10, max_size=60),
)


def _extreme_request(product_id, path, name, value, bad_id=None):
    """One GET with valid text and language, so the extreme value is what the endpoint reads."""
    from search.clients import elasticsearch_breaker

    params = {"q": "bota", "search": "bota", "lang": "cs", name: value}
    url = _fill(path, bad_id, product_id)
    response = APIClient().get(url, params)
    _assert_json_below_500(response, (url, params))
    assert "X-Search-Fallback" not in response, (url, params, response["X-Search-Fallback"])
    assert elasticsearch_breaker().state == "closed", (url, params)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path,name", PUBLIC_PARAMS)
def test_the_largest_and_smallest_values_never_open_the_breaker(hostile_catalog, path, name):
    """Anyone could switch search off Elasticsearch with three requests whose numbers its client
    cannot serialise: whatever the value, no 5xx, no fallback, and the breaker stays closed."""
    product_id, _token = hostile_catalog
    for value in EXTREMES:
        _extreme_request(product_id, path, name, value)
    for bad_id in ["9" * 20, str(2**63)]:
        _extreme_request(product_id, path, name, EXTREMES[0], bad_id)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path,name", PUBLIC_PARAMS)
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=extreme_value)
def test_extreme_values_hypothesis_draws_never_open_the_breaker(hostile_catalog, path, name, value):
    product_id, _token = hostile_catalog
    _extreme_request(product_id, path, name, value)
