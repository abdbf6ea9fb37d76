"""Shopper-facing product list and detail: published products only, in one language."""
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from products.pagination import paginate
from products.selectors import public_product_get, public_product_list
from products.serializers import (
    LanguageParamsSerializer,
    ProductListParamsSerializer,
    PublicProductPageSerializer,
    PublicProductSerializer,
)
from search.category_tree import CategoryTree

INVALID = OpenApiResponse(description="invalid parameter; the body names it")


def _context(language):
    return {"language": language, "category_tree": CategoryTree()}


class PublicProductListApi(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="products_list",
        parameters=[ProductListParamsSerializer],
        responses={200: PublicProductPageSerializer, 400: INVALID},
    )
    def get(self, request):
        params = ProductListParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        page = paginate(request, public_product_list(), limit=params.validated_data["limit"],
                        offset=params.validated_data["offset"])
        page["results"] = PublicProductSerializer(
            page["results"], many=True, context=_context(params.validated_data["lang"])
        ).data
        return Response(page)


class PublicProductDetailApi(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

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
