"""Shopper-facing product list and detail: published products only, in one language."""
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from common.endpoints import PublicEndpoint
from common.pagination import LimitOffsetPages, PaginationParamsSerializer
from products.category_tree import cached_category_tree
from products.selectors import public_product_get, public_product_list
from products.serializers import LanguageParamsSerializer, PublicProductPageSerializer, PublicProductSerializer

INVALID = OpenApiResponse(description="invalid parameter; the body names it")


def _context(language):
    return {"language": language, "category_tree": cached_category_tree()}


class PublicProductListApi(PublicEndpoint, APIView):
    @extend_schema(
        operation_id="products_list",
        parameters=[LanguageParamsSerializer, PaginationParamsSerializer],
        responses={200: PublicProductPageSerializer, 400: INVALID},
    )
    def get(self, request):
        params = LanguageParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        page = LimitOffsetPages().page(public_product_list(), request)
        page["results"] = PublicProductSerializer(
            page["results"], many=True, context=_context(params.validated_data["lang"])
        ).data
        return Response(page)


class PublicProductDetailApi(PublicEndpoint, APIView):
    @extend_schema(
        parameters=[LanguageParamsSerializer],
        responses={
            200: PublicProductSerializer, 400: INVALID, 404: OpenApiResponse(description="no such product")
        },
    )
    def get(self, request, pk):
        params = LanguageParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        product = public_product_get(pk)
        context = _context(params.validated_data["lang"])
        return Response(PublicProductSerializer(product, context=context).data)
