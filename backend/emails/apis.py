"""Public back-in-stock subscription endpoint (double opt-in)."""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from common.endpoints import PublicEndpoint
from common.parsers import BoundedJSONParser
from emails.serializers import BackInStockSubscriptionAcceptedSerializer, BackInStockSubscriptionInputSerializer
from emails.services import subscribe_back_in_stock
from emails.throttles import SubscriptionRateThrottle
from products.selectors import public_product_get

ACCEPTED = {"detail": _("Thank you. If this address can receive alerts, it will get an email with a link "
                        "to confirm the subscription.")}


class BackInStockSubscriptionApi(PublicEndpoint, APIView):
    """Asks for one email when an out-of-stock product is available again.

    JSON only: a cross-site HTML form can send only form or text bodies (415
    here), and a cross-site script cannot send JSON without a CORS preflight,
    which this site never grants.
    """

    parser_classes = [BoundedJSONParser]
    throttle_classes = [SubscriptionRateThrottle]
    throttle_scope = "subscriptions"

    @extend_schema(
        request=BackInStockSubscriptionInputSerializer,
        responses={
            202: BackInStockSubscriptionAcceptedSerializer,
            400: OpenApiResponse(description="invalid email or language, or the product is in stock"),
            404: OpenApiResponse(description="no such published product"),
            415: OpenApiResponse(description="the body is not application/json"),
            429: OpenApiResponse(description="too many subscriptions from this client; see Retry-After"),
        },
        description="Double opt-in: the address gets a confirmation link and only a confirmed subscription "
                    "is alerted. The answer is the same whether the address is new, pending, confirmed or "
                    "unsubscribed, so it tells nobody whether an address is subscribed.",
    )
    def post(self, request, pk):
        product = public_product_get(pk)
        params = BackInStockSubscriptionInputSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        try:
            subscribe_back_in_stock(product=product, **params.validated_data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error))
        return Response(ACCEPTED, status=status.HTTP_202_ACCEPTED)
