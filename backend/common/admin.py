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
