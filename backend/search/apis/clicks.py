"""The storefront's beacon: which result of a search the shopper opened."""
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from search.apis.base import PublicSearchEndpoint
from search.query_log import log_click
from search.serializers import ClickSerializer


class RecordClick(PublicSearchEndpoint, APIView):
    """Notes a result click for the query log (written after the response; 204 at once)."""

    @extend_schema(request=ClickSerializer, responses={204: None, 400: OpenApiResponse(description="invalid")})
    def post(self, request):
        click = ClickSerializer(data=request.data)
        click.is_valid(raise_exception=True)
        log_click(search_id=str(click.validated_data["search_id"]), product_id=click.validated_data["product_id"],
                  position=click.validated_data["position"])
        return Response(status=204)
