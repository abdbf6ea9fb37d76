"""Back-in-stock subscription request and response bodies."""
from django.conf import settings
from rest_framework import serializers


class BackInStockSubscriptionInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    language = serializers.CharField(required=False, help_text="one of SHOP_LANGUAGES; default: the shop's")

    def validate_language(self, value):
        if value not in settings.SHOP_LANGUAGES:
            raise serializers.ValidationError(
                f"Unknown language '{value}'; use one of {', '.join(settings.SHOP_LANGUAGES)}."
            )
        return value

    def validate(self, attrs):
        attrs.setdefault("language", settings.SHOP_DEFAULT_LANGUAGE)
        return attrs


class BackInStockSubscriptionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    product = serializers.IntegerField(source="product_id")
    email = serializers.EmailField()
    language = serializers.CharField()
    created_at = serializers.DateTimeField()
