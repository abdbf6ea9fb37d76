"""PaginatedElasticSearchAPIView: the base every Elasticsearch search endpoint extends.

It holds what all of them share: the language from the URL, parameter
validation (400 naming the parameter), limit/offset pagination with
next/previous links, hydration of hits from PostgreSQL in ranked order,
highlights of the shown texts, and the fallback to PostgreSQL (reported in the
X-Search-Backend and X-Search-Fallback headers). A subclass names
`document_class` and `serializer_class` and implements
`generate_q_expression(query, **options)`.
"""
from dataclasses import replace

from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from common.endpoints import PublicReadEndpoint
from common.languages import validated_language
from common.pagination import LimitOffsetPages
from common.renderers import OrjsonRenderer
from common.throttles import SearchRateThrottle
from products.selectors import published_product_rows
from search.highlight import highlight_rows
from search.query_log import log_search
from search.queries import ALWAYS, UNFINISHED, read_query
from search.rules import curation_for, synonyms_for
from search.selectors.backend import find_products
from search.selectors.facets import labelled_facets
from search.serializers import ProductSearchParamsSerializer, understood_json
from search.understanding import applied_params, understand


class PublicSearchEndpoint(PublicReadEndpoint):
    """Every shopper-facing search endpoint: public, read-only, throttled per client."""

    throttle_classes = [SearchRateThrottle]
    throttle_scope = "search"
    renderer_classes = [OrjsonRenderer, BrowsableAPIRenderer]


class PaginatedElasticSearchAPIView(PublicSearchEndpoint, APIView):
    document_class = None
    serializer_class = None
    params_serializer_class = ProductSearchParamsSerializer
    language = None
    synonyms = None  # staff's synonyms for the language, read once per request
    expanded = None  # the query read with them, when it has any

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

    def run_search(self, params, typed=None):
        """`params` searched; the curation is staff's for the text as the shopper typed it."""
        return find_products(params=params, language=self.language, make_query=self.generate_q_expression,
                             document_class=self.document_class, synonyms=self.synonyms,
                             curation=curation_for(self.language, typed or params["q"]))

    def understood_search(self, request, params):
        """(found, the params searched, what was understood and applied, whether it was dropped):
        the query's price, order, attribute and category words applied unless `understand=0`;
        when they leave nothing, the search as typed, saying so (search/understanding)."""
        if not params.get("understand", True):
            return self.run_search(params), params, [], False
        understanding = understand(params["q"], self.language, skip=params.get("skip", ()))
        searched, applied = applied_params(params, set(request.query_params), understanding, self.language)
        if not applied:
            return self.run_search(params), params, [], False
        found = self.run_search(searched, typed=params["q"])
        if found.value.total or params["offset"]:
            return found, searched, applied, False
        return self.run_search(params), params, applied, True

    def serialize(self, page, text):
        rows = published_product_rows(page.product_ids, language=self.language)
        prefix = ALWAYS if page.relaxed else UNFINISHED
        shown_for = read_query(page.corrected_query or text, self.language, prefix=prefix)
        if self.expanded:  # synonyms' matches are highlighted too: the search looked for them
            shown_for = replace(shown_for, words=shown_for.words + tuple(
                synonym for word in self.expanded.words for synonym in word.synonyms))
        context = {"language": self.language, "highlights": highlight_rows(rows, shown_for, self.language)}
        return self.serializer_class(rows, many=True, context=context).data

    def backend_headers(self, found):
        headers = {"X-Search-Backend": found.backend}
        if found.fallback_reason:
            headers["X-Search-Fallback"] = f"elasticsearch unavailable ({found.fallback_reason})"
        return headers

    def get(self, request, lang, **kwargs):
        self.language = validated_language(lang)
        params = self.validated_params(request, kwargs)
        self.synonyms = synonyms_for(self.language)
        found, searched, understood, dropped = self.understood_search(request, params)
        self.expanded = read_query(searched["q"], self.language, synonyms=self.synonyms) if self.synonyms else None
        page = found.value
        search_id = log_search(language=self.language, text=params["q"], results=page.total,
                               backend=found.backend, offset=params["offset"])
        payload = {
            **LimitOffsetPages().describe(request, count=page.total, limit=params["limit"], offset=params["offset"]),
            "results": self.serialize(page, searched["q"]),
            "facets": labelled_facets(page, self.language, searched),
            "corrected_query": page.corrected_query,
            "relaxed": page.relaxed,
            "synonyms": self.expanded.used_synonyms if self.expanded else [],
            "search_id": search_id,
            "understood": [understood_json(item, applied=not dropped) for item in understood],
        }
        return Response(payload, headers=self.backend_headers(found))
