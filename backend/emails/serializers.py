"""Back-in-stock subscription request and response bodies."""
from rest_framework import serializers

from common.languages import ShopLanguageField


class BackInStockSubscriptionInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    language = ShopLanguageField()


class BackInStockSubscriptionAcceptedSerializer(serializers.Serializer):
    detail = serializers.CharField()
