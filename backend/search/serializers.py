"""Search request parameters (validated, each error naming its parameter) and results."""
import re
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.languages import ShopLanguageField
from common.pagination import PaginationParamsSerializer
from common.params import MAX_ID, QueryParamsSerializer
from search.text import fold, words

MAX_QUERY_LENGTH = 200
# A word's length once folded: NFKD expands some characters (U+FDFA is 18 letters), and a
# 900-letter prefix is an automaton Elasticsearch refuses. The longest SKU is 64 characters.
MAX_WORD_LENGTH = 64


def query_text_errors(text: str) -> list[str]:
    """Why a shopper's text cannot be searched: too long once folded, a word too long, or
    control characters. Shared by every endpoint that takes one (search, suggest, DSL)."""
    if any(ord(char) < 32 and char not in "\t\n\r" for char in text):
        return ["The query may not contain control characters."]
    if len(fold(text)) > MAX_QUERY_LENGTH:
        return [f"Ensure this field has no more than {MAX_QUERY_LENGTH} characters "
                "(characters such as \ufdfa count as the letters they stand for)."]
    if any(len(fold(word)) > MAX_WORD_LENGTH for word in words(text)):
        return [f"Each word may have at most {MAX_WORD_LENGTH} letters."]
    return []


class QueryTextField(serializers.CharField):
    """The shopper's text: 1-200 characters, also once folded, words of at most 64 letters."""

    def __init__(self, **kwargs):
        super().__init__(max_length=MAX_QUERY_LENGTH, trim_whitespace=True, **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        errors = query_text_errors(value)
        if errors:
            raise serializers.ValidationError(errors)
        return value


def is_id(text: str) -> bool:
    """ASCII digits only ("²".isdigit() is true, int("²") fails) and within bigint."""
    return text.isascii() and text.isdigit() and len(text) <= 19 and 0 < int(text) <= MAX_ID


SORTS = ["relevance", "price", "-price", "newest", "popular"]  # popular: search/popularity.py


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


@extend_schema_field(serializers.ListField(child=serializers.CharField(), help_text=(
    "parts of `q` not to understand, by their `understood[].key`: price_min, price_max, sort, "
    "attribute:<id>, category:<id> (repeated or comma-separated)")))
class UnderstoodKeysField(IdListField):
    """`skip=price_max&skip=attribute:3`: what the shopper undid of what `q` was read to ask."""

    default_error_messages = {"invalid": "Expected up to 20 of price_min, price_max, sort, attribute:<id>, "
                                         "category:<id>."}
    KEY = re.compile(r"^(price_min|price_max|sort|(attribute|category):[1-9][0-9]{0,18})$")

    def to_internal_value(self, data):
        raw = data if isinstance(data, list) else [data]
        parts = [part.strip() for item in raw for part in str(item).split(",") if part.strip()]
        if len(parts) > 20 or not all(self.KEY.match(part) for part in parts):
            self.fail("invalid")
        return sorted(set(parts))


class ProductSearchParamsSerializer(PaginationParamsSerializer):
    q = QueryTextField()
    category = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    price_min = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)
    price_max = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)
    in_stock = serializers.BooleanField(required=False, allow_null=True, default=None)
    attr = IdListField(required=False, default=list, help_text=(
        "attribute value ids: any of one type's values (colour red or blue), and one of every type "
        "selected (a colour and a material)"))
    understand = serializers.BooleanField(
        default=True, help_text="read price limits, an order, attribute values and a category from `q` (0: off)")
    skip = UnderstoodKeysField(required=False, default=list)
    sort = serializers.ChoiceField(choices=SORTS, default="relevance")

    def validate(self, attrs):
        attrs = super().validate(attrs)
        low, high = attrs.get("price_min"), attrs.get("price_max")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"price_min": [_("price_min may not be greater than price_max.")]})
        return attrs


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
            "created_at": self._created_at(row["created_at"]),
            "highlight": self.get_highlight(row),
        }

    @cached_property
    def _zone(self):
        """The request's time zone, looked up once per page (DRF's field asks for every row)."""
        return timezone.get_current_timezone()

    def _created_at(self, value):
        """DRF's DateTimeField output (ISO 8601 in the current time zone, UTC as Z), as it makes it."""
        if value is None or timezone.is_naive(value):
            return _CREATED_AT.to_representation(value)
        text = value.astimezone(self._zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text


# Unbound, read-only: formatting needs neither a parent nor a field name.
_PRICE = SearchResultSerializer._declared_fields["price"]
_CREATED_AT = SearchResultSerializer._declared_fields["created_at"]


class FacetBucketSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    count = serializers.IntegerField(help_text="products with every other active filter but this group's")


class CategoryFacetSerializer(serializers.Serializer):
    selected = serializers.IntegerField(allow_null=True, help_text="the `category` filter")
    path = FacetBucketSerializer(many=True, help_text="the selected category's path, root first, itself last")
    children = FacetBucketSerializer(
        many=True, help_text="its subcategories (the top-level categories when none is selected) that count some"
    )


class AttributeValueBucketSerializer(FacetBucketSerializer):
    selected = serializers.BooleanField(help_text="among the `attr` filter's values")


class AttributeGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="the attribute type")
    label = serializers.CharField()
    values = AttributeValueBucketSerializer(
        many=True, help_text="in the catalog's order; those counting nothing left out unless selected"
    )


class PriceRangeSerializer(serializers.Serializer):
    key = serializers.CharField(help_text='"500-1000": from 500 up to 1000 exclusive; "5000-": 5000 and more')
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField(
        help_text="price_min is the range's start (or 0) and price_max its end less 0.01 (or none)"
    )


class PriceFacetSerializer(serializers.Serializer):
    min = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True,
                                   help_text="the cheapest product with every other active filter (for a slider)")
    max = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True, help_text="the dearest")
    ranges = PriceRangeSerializer(many=True)


class StockBucketSerializer(serializers.Serializer):
    value = serializers.BooleanField(help_text="the `in_stock` value this counts")
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class FacetsSerializer(serializers.Serializer):
    """Each group is counted with every active filter but its own, so a selected value's
    siblings keep their true counts; `count` at the top is the filtered total."""

    categories = CategoryFacetSerializer()
    attributes = AttributeGroupSerializer(many=True, help_text="one group per attribute type, in the catalog's order")
    price = PriceFacetSerializer()
    in_stock = StockBucketSerializer(many=True)


class UsedSynonymSerializer(serializers.Serializer):
    word = serializers.CharField()
    synonyms = serializers.ListField(child=serializers.CharField())


class UnderstoodSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(["price_min", "price_max", "sort", "attribute", "category"])
    key = serializers.CharField(help_text="send it as `skip=` to search again without it")
    text = serializers.CharField(help_text="the words of the query it was read from")
    value = serializers.CharField(required=False, help_text="a price (price_min, price_max) or a sort")
    id = serializers.IntegerField(required=False, help_text="an attribute value or a category")
    label = serializers.CharField(required=False)
    applied = serializers.BooleanField(
        help_text="false when it left nothing to show: the results are then for the query as typed")


def understood_json(item, applied=True) -> dict:
    """An understood part of the query for the response (value as JSON: a price is a number)."""
    shown = {"kind": item.kind, "key": item.key, "text": item.text, "applied": applied}
    if item.value is not None:
        shown["value"] = float(item.value) if item.kind.startswith("price") else item.value
    if item.id is not None:
        shown.update(id=item.id, label=item.label)
    return shown


class BannerSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="the rule that shows it")
    text = serializers.CharField()
    link = serializers.CharField(allow_null=True, help_text="a path on this site or an https URL staff allowed")
    image = serializers.CharField(allow_null=True, help_text="a path on this site")


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
    filled_ids = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="results after every all-word match that fill a short first page: products matching the "
                  "query without the words in filled_without (not counted in count or the facets)")
    filled_without = serializers.ListField(
        child=serializers.CharField(),
        help_text="the query's modifiers (a material, a colour) the filled_ids results were not required to "
                  "match; empty when every result matched every word")
    synonyms = UsedSynonymSerializer(many=True, help_text="staff's synonyms the query was expanded with")
    search_id = serializers.UUIDField(
        allow_null=True, help_text="send it back with /api/search/clicks/ when a result is opened (null: log off)"
    )
    understood = UnderstoodSerializer(many=True, help_text="what the query was read to ask for beyond its words")
    banners = BannerSerializer(many=True, help_text="staff's banners for this query, to show above the results")
    redirect = serializers.CharField(
        allow_null=True, help_text="staff send this query to a page (a path on this site or an allowed https URL): "
                                   "follow it instead of showing the results")
    rules = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="ids of staff's rules that acted on this search (boost, bury, banner, redirect)")


class ClickSerializer(serializers.Serializer):
    search_id = serializers.UUIDField()
    product_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    position = serializers.IntegerField(min_value=1, max_value=10_000, help_text="1-based, across pages")
