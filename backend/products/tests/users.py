"""Users for API tests: anonymous aside, a shopper, staff without and with catalog permissions."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from model_bakery import baker

from products.tests.factories import fake

EDITOR_PERMISSIONS = ("view_product", "add_product", "change_product", "delete_product")


def make_user(*, staff=False, permissions=()):
    user = baker.make(get_user_model(), username=fake.unique.user_name(), is_staff=staff, is_active=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="products", codename__in=permissions)
    )
    return user
