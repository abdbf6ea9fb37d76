"""PaginatedElasticSearchAPIView: the base every Elasticsearch search endpoint extends.

It holds what all of them share: the language from the URL, parameter
validation (400 naming the parameter), limit/offset pagination with
next/previous links, hydration of hits from PostgreSQL in ranked order,
highlights of the shown texts, and the fallback to PostgreSQL (reported in the
X-Search-Backend and X-Search-Fallback headers). A subclass names
`document_class` and `serializer_class` and implements
`generate_q_expression(query, **options)`.
"""
from urllib.parse import urlencode

from django.db import transaction
from django.utils.decorators import method_decorator
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from common.throttles import SearchRateThrottle
from search.highlight import highlight_rows
from search.queries import ALWAYS, UNFINISHED, read_query
from search.selectors import elastic, postgres
from search.selectors.backend import answer
from search.selectors.facets import labelled_facets
from search.selectors.products import search_result_rows
from search.serializers import ProductSearchParamsSerializer, validate_language


class PublicSearchEndpoint:
    """What every shopper-facing search endpoint shares: open to anyone, no session or
    token lookup, throttled per client, and no transaction around the request
    (ATOMIC_REQUESTS is for writes; a read-only search needs none)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [SearchRateThrottle]
    throttle_scope = "search"

    @method_decorator(transaction.non_atomic_requests)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


class PaginatedElasticSearchAPIView(PublicSearchEndpoint, APIView):
    document_class = None
    serializer_class = None
    params_serializer_class = ProductSearchParamsSerializer
    language = None

    def generate_q_expression(self, query, **options):
        """The Elasticsearch query for the text `query`. Options (when a search is retried):
        `relaxed` (only some words need to match), `prefix` (search.queries.ALWAYS: the last
        word matched as a beginning too)."""
        raise NotImplementedError("subclasses build the Elasticsearch query for `query`")

    def validated_params(self, request, extra=None):
        data = request.query_params.copy()
        for key, value in (extra or {}).items():
            data[key] = value
        serializer = self.params_serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def run_search(self, params):
        return answer(
            lambda: elastic.search_products(self.document_class, self.generate_q_expression, params, self.language),
            lambda: postgres.search_products(params, self.language),
        )

    def page_links(self, request, params, total):
        def link(offset):
            query = request.query_params.copy()
            query["offset"], query["limit"] = offset, params["limit"]
            return request.build_absolute_uri(f"{request.path}?{urlencode(query, doseq=True)}")

        following = params["offset"] + params["limit"]
        previous = max(params["offset"] - params["limit"], 0)
        return (
            link(following) if following < total else None,
            link(previous) if params["offset"] > 0 else None,
        )

    def serialize(self, page, text):
        rows = search_result_rows(page.product_ids, self.language)
        prefix = ALWAYS if page.relaxed else UNFINISHED
        shown_for = read_query(page.corrected_query or text, self.language, prefix=prefix)
        context = {"language": self.language, "highlights": highlight_rows(rows, shown_for, self.language)}
        return self.serializer_class(rows, many=True, context=context).data

    def backend_headers(self, found):
        headers = {"X-Search-Backend": found.backend}
        if found.fallback_reason:
            headers["X-Search-Fallback"] = f"elasticsearch unavailable ({found.fallback_reason})"
        return headers

    def get(self, request, lang, **kwargs):
        self.language = validate_language(lang)
        params = self.validated_params(request, kwargs)
        found = self.run_search(params)
        page = found.value
        following, previous = self.page_links(request, params, page.total)
        payload = {
            "count": page.total,
            "next": following,
            "previous": previous,
            "results": self.serialize(page, params["q"]),
            "facets": labelled_facets(page, self.language),
            "corrected_query": page.corrected_query,
            "relaxed": page.relaxed,
        }
        return Response(payload, headers=self.backend_headers(found))
