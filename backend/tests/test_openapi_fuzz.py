"""Schemathesis against our own OpenAPI schema, in-process over WSGI, anonymous and
as staff: no response is a 5xx, and responses conform to the schema."""
import json

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
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
