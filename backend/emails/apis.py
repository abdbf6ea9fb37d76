"""Public back-in-stock subscription endpoint."""
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from common.endpoints import PublicEndpoint
from emails.serializers import BackInStockSubscriptionInputSerializer, BackInStockSubscriptionOutputSerializer
from emails.services import subscribe_back_in_stock
from emails.throttles import SubscriptionRateThrottle
from products.selectors import public_product_get


class BackInStockSubscriptionApi(PublicEndpoint, APIView):
    """Asks for one email when an out-of-stock product is available again."""

    throttle_classes = [SubscriptionRateThrottle]
    throttle_scope = "subscriptions"

    @extend_schema(
        request=BackInStockSubscriptionInputSerializer,
        responses={
            201: BackInStockSubscriptionOutputSerializer,
            400: OpenApiResponse(description="invalid email or language, or the product is in stock"),
            404: OpenApiResponse(description="no such published product"),
            409: OpenApiResponse(description="this address already waits for this product"),
            429: OpenApiResponse(description="too many subscriptions from this client; see Retry-After"),
        },
        description="One subscription per address and product. An address that was already notified "
                    "may subscribe again (201).",
    )
    def post(self, request, pk):
        product = public_product_get(pk)
        params = BackInStockSubscriptionInputSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        try:
            subscription, created = subscribe_back_in_stock(product=product, **params.validated_data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error))
        if not created:
            return Response(
                {"detail": "This address is already subscribed to this product; we will email it once."},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(
            BackInStockSubscriptionOutputSerializer(subscription).data, status=status.HTTP_201_CREATED
        )
