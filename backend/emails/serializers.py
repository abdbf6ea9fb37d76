"""Back-in-stock subscription request and response bodies."""
from rest_framework import serializers

from common.languages import ShopLanguageField


class BackInStockSubscriptionInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    language = ShopLanguageField()


class BackInStockSubscriptionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    product = serializers.IntegerField(source="product_id")
    email = serializers.EmailField()
    language = serializers.CharField()
    created_at = serializers.DateTimeField()
