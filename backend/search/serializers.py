"""Search request parameters (validated, each error naming its parameter) and results."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.languages import ShopLanguageField
from common.pagination import PaginationParamsSerializer
from common.params import QueryParamsSerializer

MAX_QUERY_LENGTH = 200
# PostgreSQL's bigint: ids beyond it match nothing and must not reach int() unbounded.
MAX_ID = 2**63 - 1


def is_id(text: str) -> bool:
    """ASCII digits only ("²".isdigit() is true, int("²") fails) and within bigint."""
    return text.isascii() and text.isdigit() and len(text) <= 19 and 0 < int(text) <= MAX_ID


SORTS = ["relevance", "price", "-price", "newest"]


@extend_schema_field(serializers.ListField(child=serializers.IntegerField(min_value=1)))
class IdListField(serializers.Field):
    """Repeated (`attr=1&attr=2`) or comma-separated (`attr=1,2`) positive integer ids."""

    default_error_messages = {"invalid": "Expected positive integer ids, e.g. attr=3&attr=7 or attr=3,7."}

    def get_value(self, data):
        if hasattr(data, "getlist"):
            values = data.getlist(self.field_name)
            return values if values else serializers.empty
        return data.get(self.field_name, serializers.empty)

    def to_internal_value(self, data):
        raw = data if isinstance(data, list) else [data]
        parts = [part.strip() for item in raw for part in str(item).split(",") if part.strip()]
        if len(parts) > 50 or not all(is_id(part) for part in parts):
            self.fail("invalid")
        return sorted({int(part) for part in parts})

    def to_representation(self, value):
        return value


class ProductSearchParamsSerializer(PaginationParamsSerializer):
    q = serializers.CharField(max_length=MAX_QUERY_LENGTH, trim_whitespace=True)
    category = serializers.IntegerField(min_value=1, required=False)
    price_min = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)
    price_max = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)
    in_stock = serializers.BooleanField(required=False, allow_null=True, default=None)
    attr = IdListField(required=False, default=list)
    sort = serializers.ChoiceField(choices=SORTS, default="relevance")

    def validate_q(self, value):
        if any(ord(char) < 32 and char not in "\t\n\r" for char in value):
            raise serializers.ValidationError("The query may not contain control characters.")
        return value

    def validate(self, attrs):
        attrs = super().validate(attrs)
        low, high = attrs.get("price_min"), attrs.get("price_max")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"price_min": ["price_min may not be greater than price_max."]})
        return attrs


class SuggestParamsSerializer(QueryParamsSerializer):
    q = serializers.CharField(max_length=MAX_QUERY_LENGTH, trim_whitespace=True)


class SimilarParamsSerializer(QueryParamsSerializer):
    lang = ShopLanguageField()
    limit = serializers.IntegerField(min_value=1, max_value=50, default=10)


class CategoryRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SearchResultSerializer(serializers.Serializer):
    """A product as shoppers see it in results: a row of `published_product_rows`, whose
    texts are already in the requested language (or its fallback)."""

    id = serializers.IntegerField()
    sku = serializers.CharField()
    title = serializers.CharField()
    short_description = serializers.CharField()
    price = serializers.DecimalField(max_digits=12, decimal_places=2)
    in_stock = serializers.SerializerMethodField()
    stock = serializers.IntegerField()
    category = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    highlight = serializers.SerializerMethodField()

    def get_in_stock(self, row) -> bool:
        return row["stock"] > 0

    def get_category(self, row) -> CategoryRefSerializer(allow_null=True):
        if row["category_id"] is None:
            return None
        return {"id": row["category_id"], "name": row["category_name"]}

    def get_highlight(self, row) -> dict[str, list[str]]:
        return self.context.get("highlights", {}).get(row["id"], {})

    def to_representation(self, row):
        """The same output as DRF's walk over the fields above (which stay the schema;
        a test compares both), built directly: it runs for every hit of every search.
        The two formatting fields are module-level copies, so `self.fields` (a deep copy
        of all ten per page) is never built."""
        return {
            "id": row["id"],
            "sku": row["sku"],
            "title": row["title"],
            "short_description": row["short_description"],
            "price": _PRICE.to_representation(row["price"]),
            "in_stock": self.get_in_stock(row),
            "stock": row["stock"],
            "category": self.get_category(row),
            "created_at": _CREATED_AT.to_representation(row["created_at"]),
            "highlight": self.get_highlight(row),
        }


# Unbound, read-only: formatting needs neither a parent nor a field name.
_PRICE = SearchResultSerializer._declared_fields["price"]
_CREATED_AT = SearchResultSerializer._declared_fields["created_at"]


class FacetBucketSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False)
    key = serializers.CharField(required=False)
    label = serializers.CharField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    categories = FacetBucketSerializer(many=True)
    attributes = FacetBucketSerializer(many=True)
    price = FacetBucketSerializer(many=True)


class UsedSynonymSerializer(serializers.Serializer):
    word = serializers.CharField()
    synonyms = serializers.ListField(child=serializers.CharField())


class SearchResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SearchResultSerializer(many=True)
    facets = FacetsSerializer()
    corrected_query = serializers.CharField(
        allow_null=True, help_text="the spelling the results are for, when the query as typed found nothing"
    )
    relaxed = serializers.BooleanField(
        help_text="true when not every word matched as typed: the last one was completed, or only some had to match"
    )
    synonyms = UsedSynonymSerializer(many=True, help_text="staff's synonyms the query was expanded with")
    search_id = serializers.UUIDField(
        allow_null=True, help_text="send it back with /api/search/clicks/ when a result is opened (null: log off)"
    )


class ClickSerializer(serializers.Serializer):
    search_id = serializers.UUIDField()
    product_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    position = serializers.IntegerField(min_value=1, max_value=10_000, help_text="1-based, across pages")
