"""Staff catalog API: create, edit, publish/unpublish and delete products.

Writes go through products.services, so they announce the change (for the
search index and back-in-stock emails) in the request's transaction exactly
like admin edits.
"""
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from common.authentication import ExpiringTokenAuthentication
from common.pagination import LimitOffsetPages, PaginationParamsSerializer
from products import services
from products.models import Product
from products.permissions import StaffModelPermissions
from products.selectors import staff_product_get, staff_product_list
from products.serializers import StaffProductInputSerializer, StaffProductOutputSerializer, StaffProductPageSerializer

ERRORS = {
    401: OpenApiResponse(description="not authenticated"),
    403: OpenApiResponse(description="not staff, or without the catalog permission"),
}
INVALID = {400: OpenApiResponse(description="invalid input; the body names each field")}
NOT_FOUND = {404: OpenApiResponse(description="no such product")}


class StaffApi(APIView):
    # Token first: its WWW-Authenticate header makes anonymous requests 401, not 403.
    authentication_classes = [ExpiringTokenAuthentication, SessionAuthentication]
    permission_classes = [StaffModelPermissions]
    permission_model = Product

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):  # raised by a service: a 400 like any input error
            exc = serializers.ValidationError(serializers.as_serializer_error(exc))
        return super().handle_exception(exc)

    def product_response(self, product_id, code=status.HTTP_200_OK):
        return Response(StaffProductOutputSerializer(staff_product_get(product_id)).data, status=code)


class StaffProductListApi(StaffApi):
    @extend_schema(
        operation_id="staff_products_list",
        parameters=[PaginationParamsSerializer],
        responses={200: StaffProductPageSerializer, **ERRORS},
    )
    def get(self, request):
        page = LimitOffsetPages().page(staff_product_list(), request)
        page["results"] = StaffProductOutputSerializer(page["results"], many=True).data
        return Response(page)

    @extend_schema(
        request=StaffProductInputSerializer,
        responses={201: StaffProductOutputSerializer, **INVALID, **ERRORS},
    )
    def post(self, request):
        data = StaffProductInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        product = services.create_product(**data.validated_data)
        return self.product_response(product.id, status.HTTP_201_CREATED)


class StaffProductDetailApi(StaffApi):
    @extend_schema(responses={200: StaffProductOutputSerializer, **ERRORS, **NOT_FOUND})
    def get(self, request, pk):
        return self.product_response(pk)

    @extend_schema(
        request=StaffProductInputSerializer,
        responses={200: StaffProductOutputSerializer, **INVALID, **ERRORS, **NOT_FOUND},
        description="Replaces the product: fields left out take their defaults, "
                    "lists replace what was there.",
    )
    def put(self, request, pk):
        return self._update(request, pk, partial=False)

    @extend_schema(
        request=StaffProductInputSerializer(partial=True),
        responses={200: StaffProductOutputSerializer, **INVALID, **ERRORS, **NOT_FOUND},
        description="Changes only the fields sent; `translations` and `attribute_values`, when sent, "
                    "replace what was there.",
    )
    def patch(self, request, pk):
        return self._update(request, pk, partial=True)

    def _update(self, request, pk, partial):
        product = staff_product_get(pk)
        data = StaffProductInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        services.update_product(product, **data.validated_data)
        return self.product_response(product.id)

    @extend_schema(responses={204: None, **ERRORS, **NOT_FOUND})
    def delete(self, request, pk):
        services.delete_product(staff_product_get(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class StaffProductPublishApi(StaffApi):
    """Publishes the product (shoppers and search see it); needs `change_product`."""

    permission_action = "change"
    published = True

    @extend_schema(request=None, responses={200: StaffProductOutputSerializer, **ERRORS, **NOT_FOUND})
    def post(self, request, pk):
        product = staff_product_get(pk)
        services.set_products_published(product_ids=[product.id], published=self.published)
        return self.product_response(product.id)


class StaffProductUnpublishApi(StaffProductPublishApi):
    """Unpublishes the product (it leaves the public API and search); needs `change_product`."""

    published = False

    @extend_schema(request=None, responses={200: StaffProductOutputSerializer, **ERRORS, **NOT_FOUND})
    def post(self, request, pk):
        return super().post(request, pk)
