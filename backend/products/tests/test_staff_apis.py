"""Staff catalog API: the permission matrix, clear 400s and 404s, tokens (its writes reaching the
index: search/tests/test_staff_writes.py)."""
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from products.models import Product
from products.tests.factories import make_category, make_product
from products.tests.users import EDITOR_PERMISSIONS, make_user

NEW_PRODUCT = {"sku": "NEW-1", "price": "10.00", "translations": [{"language": "cs", "title": "Nový"}]}

# action: (method, url template, body, status when the permission is held)
REQUESTS = {
    "list": ("get", "/api/staff/products/", None, 200),
    "read": ("get", "/api/staff/products/{id}/", None, 200),
    "create": ("post", "/api/staff/products/", NEW_PRODUCT, 201),
    "replace": ("put", "/api/staff/products/{id}/", {**NEW_PRODUCT, "sku": "PUT-1"}, 200),
    "change": ("patch", "/api/staff/products/{id}/", {"stock": 7}, 200),
    "publish": ("post", "/api/staff/products/{id}/publish/", None, 200),
    "unpublish": ("post", "/api/staff/products/{id}/unpublish/", None, 200),
    "delete": ("delete", "/api/staff/products/{id}/", None, 204),
}
NEEDS = {"list": "view", "read": "view", "create": "add", "replace": "change", "change": "change",
         "publish": "change", "unpublish": "change", "delete": "delete"}


def _client(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _call(client, action, product):
    method, url, body, _ = REQUESTS[action]
    return getattr(client, method)(url.format(id=product.id), body, format="json")


@pytest.mark.django_db
@pytest.mark.parametrize("action", REQUESTS)
def test_anonymous_gets_401_and_non_staff_403_even_with_permissions(action):
    product = make_product(published=False)
    anonymous = _call(_client(None), action, product)
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"] == "Token"
    shopper = make_user(staff=False, permissions=EDITOR_PERMISSIONS)
    assert _call(_client(shopper), action, product).status_code == 403
    assert _call(_client(make_user(staff=True)), action, product).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("granted", ["view_product", "add_product", "change_product", "delete_product"])
@pytest.mark.parametrize("action", REQUESTS)
def test_staff_need_the_matching_model_permission(action, granted):
    product = make_product(published=False)
    staff = make_user(staff=True, permissions=[granted])
    needed = NEEDS[action]
    # As in Django admin, `change` also allows reading.
    allowed = granted == f"{needed}_product" or (needed == "view" and granted == "change_product")
    response = _call(_client(staff), action, product)
    assert response.status_code == (REQUESTS[action][3] if allowed else 403), response.content


@pytest.mark.django_db
def test_unpublished_products_are_404_in_public_and_200_for_staff():
    product = make_product({"cs": "Tajný"}, published=False)
    editor = _client(make_user(staff=True, permissions=EDITOR_PERMISSIONS))
    for client in (_client(None), editor):
        assert client.get(f"/api/products/{product.id}/").status_code == 404
        assert client.get("/api/products/").json()["count"] == 0
    staff_view = editor.get(f"/api/staff/products/{product.id}/").json()
    assert staff_view["is_published"] is False
    assert staff_view["translations"] == [
        {"language": "cs", "title": "Tajný", "short_description": "", "description": ""}
    ]
    assert editor.get("/api/staff/products/").json()["count"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"translations": [{"language": "de", "title": "Neu"}]},
         {"translations": {"0": {"language": ["Unknown language 'de'; use one of cs, sk, en."]}}}),
        ({"price": "-1.00"}, {"price": ["Ensure this value is greater than or equal to 0."]}),
        ({"sku": "TAKEN"}, {"sku": ["A product with SKU 'TAKEN' already exists."]}),
        ({"category": 987654}, {"category": ["Unknown category id 987654."]}),
        ({"attribute_values": [987654]}, {"attribute_values": ["Unknown attribute value id(s): 987654."]}),
        ({"translations": []}, {"translations": {"non_field_errors": ["This list may not be empty."]}}),
    ],
)
def test_invalid_input_is_a_400_naming_the_field(changes, errors):
    make_product(sku="TAKEN")
    editor = _client(make_user(staff=True, permissions=EDITOR_PERMISSIONS))
    response = editor.post("/api/staff/products/", {**NEW_PRODUCT, **changes}, format="json")
    assert response.status_code == 400
    assert response.json() == errors
    assert not Product.objects.filter(sku="NEW-1").exists()


@pytest.mark.django_db
def test_unknown_ids_are_json_404s():
    editor = _client(make_user(staff=True, permissions=EDITOR_PERMISSIONS))
    url = "/api/staff/products/987654/"
    for method, path in [("get", url), ("patch", url), ("delete", url), ("post", f"{url}publish/")]:
        response = getattr(editor, method)(path, {}, format="json")
        assert response.status_code == 404
        assert response.json() == {"detail": "No Product matches the given query."}


@pytest.mark.django_db
def test_a_token_from_the_token_endpoint_authenticates_writes():
    editor = make_user(staff=True, permissions=EDITOR_PERMISSIONS)
    editor.set_password("s3cret-pass")
    editor.save()
    client = APIClient()
    wrong = client.post("/api/auth/token/", {"username": editor.username, "password": "wrong"})
    assert wrong.status_code == 400
    token = client.post("/api/auth/token/", {"username": editor.username, "password": "s3cret-pass"})
    token = token.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.post("/api/staff/products/", NEW_PRODUCT, format="json").status_code == 201


@pytest.mark.django_db
def test_patch_changes_only_the_fields_sent():
    category = make_category({"cs": "Hrnky"})
    product = make_product({"cs": "Hrnek", "en": "Mug"}, stock=4, category=category, price=Decimal("99"))
    editor = _client(make_user(staff=True, permissions=EDITOR_PERMISSIONS))
    body = editor.patch(f"/api/staff/products/{product.id}/", {"price": "120.00"}, format="json").json()
    assert (body["price"], body["stock"], body["is_published"]) == ("120.00", 4, True)
    assert body["category"] == category.id
    assert [t["language"] for t in body["translations"]] == ["cs", "en"]


@pytest.mark.django_db
def test_the_openapi_schema_documents_the_bodies():
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    create = schema["paths"]["/api/staff/products/"]["post"]
    body_schema = create["requestBody"]["content"]["application/json"]["schema"]
    assert body_schema["$ref"].endswith("StaffProductInput")
    assert "201" in create["responses"] and "403" in create["responses"]
    for path in ("/api/products/", "/api/products/{id}/", "/api/staff/products/{id}/publish/",
                 "/api/staff/products/{id}/unpublish/", "/api/products/{id}/back-in-stock/",
                 "/api/auth/token/"):
        assert path in schema["paths"]
    assert set(schema["components"]["schemas"]["PublicProduct"]["properties"]) >= {
        "title", "price", "in_stock", "category", "attributes"
    }
