"""Product search, the seed's storefront route, suggestions and similar products."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from common.languages import validated_language
from products.selectors import public_product_ref, published_product_rows
from search.apis.base import PaginatedElasticSearchAPIView, PublicSearchEndpoint
from search.documents import ProductDocument
from search.queries import product_text_query
from search.selectors.backend import similar_product_ids
from search.selectors.suggest import suggest
from search.serializers import (
    ProductSearchParamsSerializer,
    SearchResponseSerializer,
    SearchResultSerializer,
    SimilarParamsSerializer,
)
from search.suggest_serializers import SuggestParamsSerializer, SuggestResponseSerializer, suggest_json

LANG = OpenApiParameter(
    "lang", OpenApiTypes.STR, OpenApiParameter.PATH, description="catalog language, e.g. cs"
)
SHOPPER = OpenApiParameter(
    "X-Shopper-Id", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="an anonymous, stable id of the shopper chosen by the client (else the storefront's `shopper` "
                "cookie): counts distinct shoppers and picks the arm of a running A/B test of rankings; only a "
                "keyed hash of it is kept",
)
ERRORS = {
    400: OpenApiResponse(description="invalid parameter; the body names it"),
    429: OpenApiResponse(description="too many requests"),
}
BACKEND_HEADERS = "X-Search-Backend: elasticsearch or postgres; X-Search-Fallback: why ES was not used."


class SearchProducts(PaginatedElasticSearchAPIView):
    """Full-text product search in one language, with filters, sorting and facets."""

    document_class = ProductDocument
    serializer_class = SearchResultSerializer

    def generate_q_expression(self, query, **options):
        return product_text_query(query, self.language, synonyms=self.synonyms, **options)

    @extend_schema(
        parameters=[LANG, ProductSearchParamsSerializer, SHOPPER],
        responses={200: SearchResponseSerializer, **ERRORS},
        description=(
            "Ranked by relevance (exact SKU first) unless `sort` says otherwise. When nothing matches the "
            "text as typed, misspelled words are corrected (`corrected_query`); if still nothing "
            "matches, the last word is completed and then only some of the words are required "
            "(`relaxed`). " + BACKEND_HEADERS
        ),
    )
    def get(self, request, lang, **kwargs):
        return super().get(request, lang, **kwargs)


class StorefrontProductSearch(SearchProducts):
    """The seed's route: /search/storefront/product/<lang>/<query>/?limit= -> a plain list.
    Staff's boosts and buries order it; a redirect rule's target is the X-Search-Redirect
    header (a plain list has no room for it; banners are left to the full search API)."""

    @extend_schema(
        parameters=[LANG, OpenApiParameter("query", OpenApiTypes.STR, OpenApiParameter.PATH)],
        responses={200: SearchResultSerializer(many=True), **ERRORS},
    )
    def get(self, request, lang, query):
        response = super().get(request, lang, q=query)
        if response.data.get("redirect"):
            response["X-Search-Redirect"] = response.data["redirect"]
        response.data = response.data["results"]
        return response


class SuggestProducts(PublicSearchEndpoint, APIView):
    """What the shopper may be typing: query completions, categories and product previews."""

    @extend_schema(
        parameters=[LANG, SuggestParamsSerializer],
        responses={200: SuggestResponseSerializer, **ERRORS},
        description=(
            "Every word typed is read as search reads it (lemmas, without diacritics), the last one as a "
            "beginning. " + BACKEND_HEADERS
        ),
    )
    def get(self, request, lang):
        language = validated_language(lang)
        params = SuggestParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        found = suggest(params.validated_data["q"], language)
        headers = {"X-Search-Backend": found.backend}
        if found.fallback_reason:
            headers["X-Search-Fallback"] = f"elasticsearch unavailable ({found.fallback_reason})"
        return Response(suggest_json(found), headers=headers)


class SimilarProducts(PublicSearchEndpoint, APIView):
    """'More like this': published products resembling a published product."""

    @extend_schema(
        parameters=[SimilarParamsSerializer],
        responses={200: SearchResultSerializer(many=True), 404: OpenApiResponse(description="not found")},
    )
    def get(self, request, pk):
        params = SimilarParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        language = params.validated_data["lang"]
        product = public_product_ref(pk)
        found = similar_product_ids(product=product, language=language, size=params.validated_data["limit"])
        rows = published_product_rows([pid for pid in found.value if pid != product.id], language=language)
        data = SearchResultSerializer(rows, many=True, context={"language": language}).data
        return Response(data, headers={"X-Search-Backend": found.backend})
