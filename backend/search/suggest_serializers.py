"""Suggest's parameters and answer: the schema of /api/search/suggest/<lang>/."""
from rest_framework import serializers

from common.params import QueryParamsSerializer
from search.serializers import QueryTextField


class SuggestParamsSerializer(QueryParamsSerializer):
    q = QueryTextField(help_text="what the shopper has typed so far (the last word may be unfinished)")


class SuggestCategorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField(help_text="the category's name")
    count = serializers.IntegerField(
        help_text="published products matching: all of the category's when the text names it, else those "
                  "whose title matches the text")
    query = serializers.CharField(help_text="the text to search within the category (`q` with `category=id`)")


class SuggestProductSerializer(serializers.Serializer):
    """A published product as a preview row: price and stock from PostgreSQL, like search results."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    price = serializers.DecimalField(max_digits=12, decimal_places=2)
    in_stock = serializers.SerializerMethodField()
    url = serializers.CharField(help_text="the storefront's product page")

    def get_in_stock(self, row) -> bool:
        return row["stock"] > 0


class SuggestResponseSerializer(serializers.Serializer):
    queries = serializers.ListField(
        child=serializers.CharField(), help_text=(
            "up to 5 completions: searches at least SEARCH_SUGGEST_MIN_SHOPPERS distinct shoppers made that "
            "found something, then the catalog's phrases (category names, title beginnings)"))
    categories = SuggestCategorySerializer(many=True, help_text=(
        "up to 4: categories whose name the text matches, then the categories of the matching products"))
    products = SuggestProductSerializer(many=True, help_text="up to 5 published products whose title matches")
    suggestions = serializers.ListField(
        child=serializers.CharField(), help_text="up to 10 titles (kept for existing clients)")


# Unbound, read-only: formatting needs neither a parent nor a field name.
_PRICE = SuggestProductSerializer._declared_fields["price"]


def suggest_json(found) -> dict:
    """The answer for a selectors.suggest.Suggestions: what the serializers above describe (a
    test compares both), built directly, as search results are: DRF's walk over the fields
    of a few rows cost a keystroke 0.5 ms (bench/request_cost.py --mix suggest)."""
    return {
        "queries": found.queries,
        "categories": [{"id": item["id"], "label": item["label"], "count": item["count"], "query": item["query"]}
                       for item in found.categories],
        "products": [{"id": row["id"], "title": row["title"], "price": _PRICE.to_representation(row["price"]),
                      "in_stock": row["stock"] > 0, "url": row["url"]} for row in found.products],
        "suggestions": found.suggestions,
    }
