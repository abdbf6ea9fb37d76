"""Django admin for the search sync's outbox: what has not reached Elasticsearch, and why.

Staff see every pending, failing and parked change with its error, filter by
state, retry selected changes, or retry every parked one at once (a button on
the list) after fixing what Elasticsearch refused.
"""
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin import ShopModelAdmin
# analytics; A/B tests; reports; synonyms and curations; rules; blocked suggestions
from search import (  # noqa: F401
    admin_analytics,
    admin_experiments,
    admin_reports,
    admin_rules,
    admin_search_rules,
    admin_suggest,
)
from search.indexing.outbox import retry_changes
from search.models import IndexFailureKind, PendingIndexChange

# Each state's condition, and its name as staff read it.
STATE_NAMES = {"pending": _("pending"), "failing": _("failing"), "parked": _("parked"), "done": _("done")}
STATES = {
    "pending": Q(processed_at__isnull=True, parked_at__isnull=True, attempts=0),
    "failing": Q(processed_at__isnull=True, parked_at__isnull=True, attempts__gt=0),
    "parked": Q(processed_at__isnull=True, parked_at__isnull=False),
    "done": Q(processed_at__isnull=False),
}


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [(state, STATE_NAMES[state]) for state in STATES]

    def queryset(self, request, queryset):
        return queryset.filter(STATES[self.value()]) if self.value() in STATES else queryset


@admin.register(PendingIndexChange)
class PendingIndexChangeAdmin(ShopModelAdmin):
    list_display = ["product_id", "state", "attempts", "rejections", "short_error", "changed_at", "next_attempt_at",
                    "parked_at"]
    list_filter = [StateFilter]
    search_fields = ["=product_id", "last_error"]
    ordering = ["-changed_at"]
    actions = ["retry_now"]
    change_list_template = "admin/search/pendingindexchange/change_list.html"
    readonly_fields = [field.name for field in PendingIndexChange._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("error"))
    def short_error(self, change):
        return change.last_error[:120]

    @admin.action(description=_("Retry selected changes now"))
    def retry_now(self, request, queryset):
        with transaction.atomic():
            count = retry_changes(product_ids=queryset.values_list("product_id", flat=True))
        self.message_user(request, ngettext("Retrying %(count)d change.", "Retrying %(count)d changes.", count)
                          % {"count": count}, messages.SUCCESS)

    def get_urls(self):
        retry_parked = self.admin_site.admin_view(self.retry_parked_view)
        return [path("retry-parked/", retry_parked, name="search_pendingindexchange_retry_parked"),
                *super().get_urls()]

    def retry_parked_view(self, request):
        if request.method == "POST" and self.has_change_permission(request):
            with transaction.atomic():
                count = retry_changes()
            self.message_user(request, ngettext("Retrying %(count)d parked change.",
                                                "Retrying %(count)d parked changes.", count)
                              % {"count": count}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:search_pendingindexchange_changelist"))

    def changelist_view(self, request, extra_context=None):
        parked = PendingIndexChange.objects.filter(STATES["parked"]).count()
        return super().changelist_view(request, {**(extra_context or {}), "parked_count": parked})


@admin.register(IndexFailureKind)
class IndexFailureKindAdmin(ShopModelAdmin):
    list_display = ["kind", "parked_changes", "first_seen", "last_seen"]
    readonly_fields = ["kind", "parked_changes", "first_seen", "last_seen"]

    def has_add_permission(self, request):
        return False
