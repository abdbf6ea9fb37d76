"""Product request and response bodies: public (one language) and staff (everything)."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.languages import ShopLanguageField
from common.params import MAX_ID


class LanguageParamsSerializer(serializers.Serializer):
    lang = ShopLanguageField(help_text="catalog language; default: the shop's")


# --- Public ----------------------------------------------------------------------

class CategoryPathItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PublicCategorySerializer(CategoryPathItemSerializer):
    path = CategoryPathItemSerializer(many=True, help_text="from the root down to this category")


class PublicAttributeSerializer(serializers.Serializer):
    type = serializers.CharField()
    value = serializers.CharField()


class TranslatedProductSerializer(serializers.Serializer):
    """What every shopper-facing product shows, in context["language"] (texts fall back
    to the default language). Extended by the public product API."""

    id = serializers.IntegerField()
    sku = serializers.CharField()
    title = serializers.SerializerMethodField()
    short_description = serializers.SerializerMethodField()
    price = serializers.DecimalField(max_digits=12, decimal_places=2)
    in_stock = serializers.BooleanField()
    stock = serializers.IntegerField()

    def _language(self):
        return self.context["language"]

    def get_title(self, product) -> str:
        return product.title(self._language())

    def get_short_description(self, product) -> str:
        return product.short_description(self._language())


class PublicProductSerializer(TranslatedProductSerializer):
    """A published product in the requested language (missing texts fall back to the default language).

    Context: `language`, and `category_tree` (products.category_tree.CategoryTree) for paths.
    """

    description = serializers.SerializerMethodField()
    category = serializers.SerializerMethodField()
    attributes = serializers.SerializerMethodField()

    def get_description(self, product) -> str:
        return product.description(self._language())

    @extend_schema_field(PublicCategorySerializer(allow_null=True))
    def get_category(self, product) -> dict | None:
        if product.category_id is None:
            return None
        language = self._language()
        path = self.context["category_tree"].path(product.category_id)
        return {
            "id": product.category_id,
            "name": product.category.name(language),
            "path": [{"id": category.id, "name": category.name(language)} for category in path],
        }

    @extend_schema_field(PublicAttributeSerializer(many=True))
    def get_attributes(self, product) -> list[dict]:
        language = self._language()
        return [
            {
                "type": row.attribute_value.attribute_type.name(language),
                "value": row.attribute_value.name(language),
            }
            for row in product.product_attributes.all()
        ]


class PublicProductPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = PublicProductSerializer(many=True)


# --- Staff -----------------------------------------------------------------------

class TranslationSerializer(serializers.Serializer):
    language = ShopLanguageField(required=True, help_text="one of SHOP_LANGUAGES")
    title = serializers.CharField(max_length=255)
    short_description = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")


class StaffProductInputSerializer(serializers.Serializer):
    """Create (POST, PUT) or change (PATCH: only the fields sent). Lists replace what was there."""

    sku = serializers.CharField(max_length=64)
    price = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    stock = serializers.IntegerField(min_value=0, max_value=2_147_483_647, default=0)
    is_published = serializers.BooleanField(default=False)
    category = serializers.IntegerField(
        source="category_id", min_value=1, max_value=MAX_ID, allow_null=True, required=False, default=None,
        help_text="category id",
    )
    attribute_values = serializers.ListField(
        source="attribute_value_ids", child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False, default=list,
        help_text="attribute value ids",
    )
    translations = TranslationSerializer(many=True, allow_empty=False)


class StaffProductOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sku = serializers.CharField()
    price = serializers.DecimalField(max_digits=12, decimal_places=2)
    stock = serializers.IntegerField()
    in_stock = serializers.BooleanField()
    is_published = serializers.BooleanField()
    category = serializers.IntegerField(source="category_id", allow_null=True)
    attribute_values = serializers.SerializerMethodField()
    translations = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_attribute_values(self, product) -> list[int]:
        return sorted(row.attribute_value_id for row in product.product_attributes.all())

    @extend_schema_field(TranslationSerializer(many=True))
    def get_translations(self, product):
        rows = sorted(product.translations.all(), key=lambda row: row.language)
        return TranslationSerializer(rows, many=True).data


class StaffProductPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = StaffProductOutputSerializer(many=True)
