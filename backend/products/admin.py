"""Django admin for catalog staff: translations and attributes inline.

Bound by the same rules as the staff API (products/models.py): the ModelForm runs the
product's field validators and clean(); the translation inlines check their set of rows
with translation_problem(), as the services do. Saves announce themselves by model
signals, so an admin edit reaches the search index like a service's.
"""
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin import ShopModelAdmin
from common.languages import shop_languages
from products import services
from products.models import (
    AttributeType,
    AttributeTypeTranslation,
    AttributeValue,
    AttributeValueTranslation,
    Category,
    CategoryTranslation,
    Product,
    ProductAttribute,
    ProductTranslation,
    translation_problem,
)


class TranslationFormSet(BaseInlineFormSet):
    """The rows left after deletions are checked as a set: at least one, one per language."""

    text_field = "name"

    def clean(self):
        super().clean()
        if any(self.errors):  # a row's own errors are shown on the row
            return
        rows = [form.cleaned_data for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        problem = translation_problem(rows, self.text_field)
        if problem:
            raise ValidationError(problem)


class TranslationInline(admin.TabularInline):
    """One row per catalog language, shown ready to fill in; at least one must be."""

    formset = TranslationFormSet

    def get_extra(self, request, obj=None, **kwargs):
        existing = obj.translations.count() if obj else 0
        return max(len(shop_languages()) - existing, 0)


class ProductTranslationFormSet(TranslationFormSet):
    text_field = "title"


class ProductTranslationInline(TranslationInline, admin.StackedInline):
    model = ProductTranslation
    formset = ProductTranslationFormSet
    fields = ["language", "title", "short_description", "description"]


class ProductAttributeInline(admin.TabularInline):
    model = ProductAttribute
    extra = 1
    autocomplete_fields = ["attribute_value"]


class InStockFilter(admin.SimpleListFilter):
    title = _("stock")
    parameter_name = "in_stock"

    def lookups(self, request, model_admin):
        return [("yes", _("In stock")), ("no", _("Out of stock"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(stock__gt=0)
        if self.value() == "no":
            return queryset.filter(stock=0)
        return queryset


@admin.register(Product)
class ProductAdmin(ShopModelAdmin):
    list_display = ["sku", "display_title", "category", "price", "stock", "is_published", "updated_at"]
    list_filter = ["is_published", InStockFilter, "category"]
    list_select_related = ["category"]
    search_fields = ["sku", "translations__title"]
    inlines = [ProductTranslationInline, ProductAttributeInline]
    actions = ["publish", "unpublish", "reindex"]
    readonly_fields = ["created_at", "updated_at"]
    # The feed's image and product URLs: a bare "shop.cz/x" means https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(
            "translations", Prefetch("category__translations")
        )

    @admin.display(description=_("title"))
    def display_title(self, product):
        return product.title()

    @admin.action(description=_("Publish selected products"))
    def publish(self, request, queryset):
        count = services.set_products_published(product_ids=queryset.values_list("id", flat=True), published=True)
        self.message_user(request, ngettext("Published %(count)d product.", "Published %(count)d products.", count)
                          % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Unpublish selected products"))
    def unpublish(self, request, queryset):
        count = services.set_products_published(product_ids=queryset.values_list("id", flat=True), published=False)
        self.message_user(request, ngettext("Unpublished %(count)d product.", "Unpublished %(count)d products.", count)
                          % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Reindex selected products in search"))
    def reindex(self, request, queryset):
        count = services.reindex_products(product_ids=queryset.values_list("id", flat=True))
        self.message_user(request, ngettext("Queued %(count)d product for reindexing.",
                                            "Queued %(count)d products for reindexing.", count)
                          % {"count": count}, messages.SUCCESS)


class CategoryTranslationInline(TranslationInline):
    model = CategoryTranslation


@admin.register(Category)
class CategoryAdmin(ShopModelAdmin):
    list_display = ["__str__", "slug", "parent", "sort_order"]
    search_fields = ["slug", "translations__name"]
    inlines = [CategoryTranslationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("translations", "parent__translations")


class AttributeTypeTranslationInline(TranslationInline):
    model = AttributeTypeTranslation


@admin.register(AttributeType)
class AttributeTypeAdmin(ShopModelAdmin):
    list_display = ["code", "__str__"]
    search_fields = ["code", "translations__name"]
    inlines = [AttributeTypeTranslationInline]


class AttributeValueTranslationInline(TranslationInline):
    model = AttributeValueTranslation


@admin.register(AttributeValue)
class AttributeValueAdmin(ShopModelAdmin):
    list_display = ["__str__", "attribute_type", "code"]
    list_filter = ["attribute_type"]
    search_fields = ["code", "translations__name", "attribute_type__code"]
    inlines = [AttributeValueTranslationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("attribute_type").prefetch_related(
            "translations", "attribute_type__translations"
        )


from products.feeds import admin as feed_admin  # noqa: E402,F401  (the feed upload's admin, its own module)
