"""A SKU is one SKU whatever its letter case, and holds no control or invisible characters:
the service, the staff API and the admin say so naming `sku`; the database refuses a case
variant too (a unique index on UPPER(sku))."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from products import services
from products.models import Product
from products.tests.factories import make_product
from products.tests.users import EDITOR_PERMISSIONS, make_user

pytestmark = pytest.mark.django_db

CASE_TAKEN = "A product with SKU 'SHOE-1' already exists (SKUs ignore letter case)."
# (sku as sent, the code point the message names)
INVISIBLE = [
    ("SH\x1b[31mOE", "U+001B"),   # an ANSI escape
    ("SHOE\u200b1", "U+200B"),    # zero-width space
    ("SH\tOE-1", "U+0009"),       # a tab inside (around it, whitespace is trimmed)
    ("\u202eSHOE-1", "U+202E"),   # right-to-left override
    ("SHOE-1\ufeff", "U+FEFF"),   # byte order mark
    ("SH\x7fOE", "U+007F"),       # DEL
]


def _invisible(found):
    return f"A SKU may not contain control or invisible characters (found {found})."


def _create(sku):
    return services.create_product(sku=sku, price=Decimal("10"), translations=[{"language": "cs", "title": "Bota"}])


def _editor():
    client = APIClient()
    client.force_authenticate(make_user(staff=True, permissions=EDITOR_PERMISSIONS))
    return client


@pytest.mark.parametrize("sku", ["shoe-1", "Shoe-1", " sHoE-1 "])
def test_the_service_refuses_a_sku_that_differs_only_in_case(sku):
    make_product(sku="SHOE-1")
    with pytest.raises(ValidationError) as raised:
        _create(sku)
    assert raised.value.message_dict == {"sku": [CASE_TAKEN]}
    assert Product.objects.count() == 1


def test_an_update_may_change_the_case_of_its_own_sku_but_not_take_another():
    make_product(sku="SHOE-1")
    boot = make_product(sku="BOOT-1")
    with pytest.raises(ValidationError) as raised:
        services.update_product(boot, sku="shoe-1")
    assert raised.value.message_dict == {"sku": [CASE_TAKEN]}
    services.update_product(boot, sku="boot-1")
    assert Product.objects.get(pk=boot.pk).sku == "boot-1"


def test_the_database_refuses_a_case_variant_written_past_the_services():
    make_product(sku="SHOE-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.create(sku="shoe-1", price=Decimal("1"))


@pytest.mark.parametrize(("sku", "found"), INVISIBLE + [("A\x00B", "U+0000")])
def test_the_service_refuses_control_and_invisible_characters(sku, found):
    with pytest.raises(ValidationError) as raised:
        _create(sku)
    assert raised.value.message_dict == {"sku": [_invisible(found)]}
    boot = make_product(sku="BOOT-1")
    with pytest.raises(ValidationError) as raised:
        services.update_product(boot, sku=sku)
    assert raised.value.message_dict == {"sku": [_invisible(found)]}
    assert list(Product.objects.values_list("sku", flat=True)) == ["BOOT-1"]


def test_ordinary_skus_are_still_accepted():
    for sku in ("SH-RED", "tbl-000042", "Ž-ČERVENÁ 12/B", "A.B_C+D"):
        assert _create(sku).sku == sku


def test_the_staff_api_answers_a_case_variant_with_a_400_naming_sku():
    make_product(sku="SHOE-1")
    editor = _editor()
    body = {"sku": "shoe-1", "price": "10.00", "translations": [{"language": "cs", "title": "Bota"}]}
    created = editor.post("/api/staff/products/", body, format="json")
    assert created.status_code == 400 and created.json() == {"sku": [CASE_TAKEN]}
    boot = make_product(sku="BOOT-1")
    changed = editor.patch(f"/api/staff/products/{boot.id}/", {"sku": "Shoe-1"}, format="json")
    assert changed.status_code == 400 and changed.json() == {"sku": [CASE_TAKEN]}
    assert editor.patch(f"/api/staff/products/{boot.id}/", {"sku": "Boot-1"}, format="json").status_code == 200
    assert sorted(Product.objects.values_list("sku", flat=True)) == ["Boot-1", "SHOE-1"]


@pytest.mark.parametrize(("sku", "found"), INVISIBLE)
def test_the_staff_api_answers_control_characters_with_a_400_naming_sku(sku, found):
    body = {"sku": sku, "price": "10.00", "translations": [{"language": "cs", "title": "Bota"}]}
    response = _editor().post("/api/staff/products/", body, format="json")
    assert response.status_code == 400 and response.json() == {"sku": [_invisible(found)]}
    assert not Product.objects.exists()


def _admin_add(staff_client, sku):
    """The admin's add form as a browser posts it (one translation, no attributes)."""
    form = {"sku": sku, "price": "10.00", "stock": "1", "translations-0-language": "cs",
            "translations-0-title": "Bota"}
    for prefix, count in (("translations", "1"), ("product_attributes", "0")):
        form.update({f"{prefix}-TOTAL_FORMS": count, f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    return staff_client.post("/admin/products/product/add/", form)


def test_the_admin_shows_a_form_error_on_sku(staff_client):
    make_product(sku="SHOE-1")
    for sku, message in [("shoe-1", CASE_TAKEN), ("SHOE\u200b2", _invisible("U+200B"))]:
        response = _admin_add(staff_client, sku)
        assert response.status_code == 200, sku
        assert response.context["adminform"].form.errors == {"sku": [message]}
    assert _admin_add(staff_client, "SHOE-2").status_code == 302
    assert sorted(Product.objects.values_list("sku", flat=True)) == ["SHOE-1", "SHOE-2"]
