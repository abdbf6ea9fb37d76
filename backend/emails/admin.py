"""Admin views of the email outbox and back-in-stock subscriptions (read-mostly, for support)."""
from django.contrib import admin

from common.admin import ShopModelAdmin
from emails.models import BackInStockSubscription, OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ShopModelAdmin):
    list_display = ["id", "kind", "subject", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["subject", "recipients"]
    readonly_fields = [field.name for field in OutboundEmail._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(BackInStockSubscription)
class BackInStockSubscriptionAdmin(ShopModelAdmin):
    list_display = ["email", "product", "language", "created_at", "confirmed_at", "unsubscribed_at", "notified_at"]
    list_filter = ["language", ("confirmed_at", admin.EmptyFieldListFilter),
                   ("unsubscribed_at", admin.EmptyFieldListFilter), ("notified_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "product__sku"]
    raw_id_fields = ["product"]
