"""What every admin of the project shares."""
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db import DataError, transaction


class ShopModelAdmin(admin.ModelAdmin):
    """A list filter PostgreSQL cannot evaluate (`?price__gte=1e999999` overflows numeric,
    a year past any date) gets the admin's own "invalid filter" answer, not a 500. The
    savepoint keeps the request's transaction usable afterwards."""

    def get_changelist_instance(self, request):
        try:
            with transaction.atomic():
                return super().get_changelist_instance(request)
        except DataError as error:
            raise IncorrectLookupParameters(error) from error


class ReadOnlyShopAdmin(ShopModelAdmin):
    """A page staff read and never write: rows come from the shop's own processes (logs,
    reports), so no add, change or delete, whatever the staff member's permissions."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
