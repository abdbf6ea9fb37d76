"""Hostile input on every kind of endpoint is a 400/413 with a JSON message, never a 500:
Unicode digits and oversized numbers in ids, deep JSON, large bodies, many form fields,
symbols that PostgreSQL's tsquery parser rejects."""
import json

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from products.tests.factories import make_product
from products.tests.users import EDITOR_PERMISSIONS, make_user
from search.indexing.indices import alias, client

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("product_index", "inprocess_sync")]

BEYOND_INT_PARSING = "9" * 5000  # past Python's 4300-digit int() limit
DEEP = "[" * 5000 + "]" * 5000
MANY_FIELDS = "&".join(f"field{i}=1" for i in range(3000))
VALID_PRODUCT = {"sku": "HOSTILE-1", "price": "1.00", "translations": [{"language": "cs", "title": "Bota"}]}


@pytest.fixture
def product():
    found = make_product({"cs": "Červená bota"}, stock=0)
    client().indices.refresh(index=alias())
    return found


@pytest.fixture
def staff():
    api = APIClient(raise_request_exception=False)
    user = make_user(staff=True, permissions=EDITOR_PERMISSIONS)
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api


def _json_error(response, status):
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    assert response.json()


@pytest.mark.parametrize("attr", ["²", "٣²", BEYOND_INT_PARSING, str(2**63)])
def test_unicode_digits_and_huge_ids_in_attr_are_400(product, attr):
    response = APIClient(raise_request_exception=False).get("/api/search/products/cs/", {"q": "bota", "attr": attr})
    _json_error(response, 400)
    assert "attr" in response.json()


@pytest.mark.parametrize("q", ["²", "¹²³", "٣"])
def test_unicode_digit_queries_are_answered(product, q):
    response = APIClient(raise_request_exception=False).get("/api/search/products/cs/", {"q": q})
    assert response.status_code == 200, response.content[:300]


@pytest.mark.parametrize("q", ["㈠", "bota ㈱ ¼", "⑴ ⒜", "bo'ta\\", "℡ ㏒"])
def test_symbols_folding_into_tsquery_syntax_are_harmless_in_postgres(product, settings, q):
    settings.USE_ELASTIC = False
    api = APIClient(raise_request_exception=False)
    assert api.get("/api/search/products/cs/", {"q": q}).status_code == 200
    assert api.get("/api/search/products/en/", {"q": q}).status_code == 200
    assert api.get("/api/search/suggest/cs/", {"q": q}).status_code == 200


def _bodies(url, staff_client):
    anonymous = APIClient(raise_request_exception=False)
    return [(anonymous, url), (staff_client, "/api/staff/products/"), (anonymous, "/api/auth/token/")]


def _form_status(url, status):
    """The subscription endpoint takes JSON only (no cross-site form posts): any form body is a 415."""
    return 415 if url.endswith("/back-in-stock/") else status


def test_deep_json_is_400_everywhere(product, staff):
    for api, url in _bodies(f"/api/products/{product.id}/back-in-stock/", staff):
        _json_error(api.post(url, data=DEEP, content_type="application/json"), 400)
        nested = {**VALID_PRODUCT, "translations": ["x"]}
        for _ in range(40):
            nested["translations"] = [nested["translations"]]
        nested = json.dumps(nested)
        _json_error(api.post(url, data=nested, content_type="application/json"), 400)


def test_multi_megabyte_bodies_are_413_everywhere(product, staff):
    big_json = json.dumps({**VALID_PRODUCT, "email": "a@example.com", "padding": "a" * 3_000_000})
    big_form = "padding=" + "a" * 3_000_000
    for api, url in _bodies(f"/api/products/{product.id}/back-in-stock/", staff):
        _json_error(api.post(url, data=big_json, content_type="application/json"), 413)
        _json_error(api.post(url, data=big_form, content_type="application/x-www-form-urlencoded"),
                    _form_status(url, 413))


def test_thousands_of_form_fields_are_400_everywhere(product, staff):
    for api, url in _bodies(f"/api/products/{product.id}/back-in-stock/", staff):
        _json_error(api.post(url, data=MANY_FIELDS, content_type="application/x-www-form-urlencoded"),
                    _form_status(url, 400))
        multipart = "\r\n".join(
            f'--B\r\nContent-Disposition: form-data; name="f{i}"\r\n\r\n1' for i in range(3000)
        ) + "\r\n--B--\r\n"
        _json_error(api.post(url, data=multipart, content_type="multipart/form-data; boundary=B"),
                    _form_status(url, 400))


def test_huge_numbers_and_unicode_digits_in_staff_bodies_are_400(staff):
    for field, value in [("category", "²"), ("stock", "٣²"), ("category", 10**30), ("attribute_values", [10**30]),
                         ("price", "1e999999"), ("stock", 10**30)]:
        response = staff.post("/api/staff/products/", data={**VALID_PRODUCT, field: value}, format="json")
        _json_error(response, 400)
    raw = '{"price": ' + BEYOND_INT_PARSING + "}"
    _json_error(staff.post("/api/staff/products/", data=raw, content_type="application/json"), 400)


def test_nul_bytes_never_reach_postgresql(product, staff):
    anonymous = APIClient(raise_request_exception=False)
    _json_error(staff.post("/api/staff/products/", data={**VALID_PRODUCT, "sku": "a\x00b"}, format="json"), 400)
    _json_error(anonymous.post("/api/auth/token/", data={"username": "a\x00", "password": "x"}, format="json"), 400)
    _json_error(anonymous.get("/api/search/suggest/cs/", {"q": "bo\x00ta"}), 400)
    _json_error(anonymous.get("/api/search/products/cs/", {"q": "bo\x00ta"}), 400)


@pytest.mark.parametrize("query", ["price__gte=1e999999", "price__lt=-1e999999", "q=%00", "q=a%00b",
                                   "category__id__exact=%C2%B2", "id__exact=" + BEYOND_INT_PARSING])
def test_admin_list_filters_past_what_postgresql_can_compare_are_not_500(staff_client, query):
    staff_client.raise_request_exception = False
    response = staff_client.get(f"/admin/products/product/?{query}")
    assert response.status_code in {200, 302}, response.status_code
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")
    assert staff_client.get("/admin/products/product/").status_code == 200


@pytest.mark.parametrize("product_id", ["²", "٣", BEYOND_INT_PARSING[:200]])
def test_dsl_detail_ids_are_ascii_bigints_or_a_json_404(product, product_id):
    response = APIClient(raise_request_exception=False).get(f"/api/search/dsl/products/{product_id}/")
    _json_error(response, 404)
