"""PaginatedElasticSearchAPIView: the base every Elasticsearch search endpoint extends.

It holds what all of them share: the language from the URL, parameter
validation (400 naming the parameter), limit/offset pagination with
next/previous links, hydration of hits from PostgreSQL in ranked order,
highlights of the shown texts, and the fallback to PostgreSQL (reported in the
X-Search-Backend and X-Search-Fallback headers). A subclass names
`document_class` and `serializer_class` and implements
`generate_q_expression(query, **options)`. The search itself is one object on
one path (search/product_search.py): read once, searched, then shown.
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
from search.experiments import ranking_for
from search.highlight import highlight_rows
from search.product_search import prepare, run
from search.query_log import log_search
from search.selectors.facets import labelled_facets
from search.selectors.unlisted import expected_unlisted, rows_and_unlisted
from search.shoppers import network_hash, shopper_hash
from search.serializers import ProductSearchParamsSerializer, understood_json


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
    synonyms = None  # staff's synonyms for the language, read once per request (generate_q_expression)

    def generate_q_expression(self, query, **options):
        """The Elasticsearch query (a dict) for the text `query`. Options (when a search is retried):
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

    def searched(self, search):
        """The result and its page's rows. Elasticsearch leaves out the products this process
        last found unlisted in flight; the current ones come with the rows, in one statement,
        and when they differ the search is made again leaving them out (selectors/unlisted.py)."""
        result = run(replace(search, unlisted=expected_unlisted()), make_query=self.generate_q_expression,
                     document_class=self.document_class)
        left_out = result.page.unlisted
        if left_out is None:  # PostgreSQL or the answer cache answered: nothing to check
            return result, published_product_rows(result.page.product_ids, language=self.language)
        rows, unlisted = rows_and_unlisted(result.page.product_ids, self.language)
        if set(unlisted) == set(left_out):
            return result, rows
        result = run(replace(search, unlisted=unlisted), make_query=self.generate_q_expression,
                     document_class=self.document_class)
        return result, published_product_rows(result.page.product_ids, language=self.language)

    def serialize(self, result, rows):
        highlights = highlight_rows(rows, result.highlighted_query(), self.language)
        return self.serializer_class(rows, many=True, context={"language": self.language,
                                                               "highlights": highlights}).data

    def backend_headers(self, found):
        headers = {"X-Search-Backend": found.backend}
        if found.fallback_reason:
            headers["X-Search-Fallback"] = f"elasticsearch unavailable ({found.fallback_reason})"
        if getattr(found.value, "cache", ""):
            headers["X-Search-Cache"] = found.value.cache  # hit, miss or bypass (selectors/answer_cache.py)
        return headers

    def get(self, request, lang, **kwargs):
        self.language = validated_language(lang)
        params = self.validated_params(request, kwargs)
        ranking = ranking_for(request, self.language)  # the default, or the shopper's A/B test arm
        search = prepare(params, set(request.query_params) | set(kwargs), self.language, ranking=ranking)
        self.synonyms = search.synonyms
        result, rows = self.searched(search)
        page, searched = result.page, result.search.searched
        search_id = log_search(language=self.language, text=params["q"], results=page.total,
                               backend=result.found.backend, offset=params["offset"],
                               shopper=shopper_hash(request), network=network_hash(request),
                               experiment=ranking.experiment, arm=ranking.arm, shown=page.product_ids)
        payload = {
            **LimitOffsetPages().describe(request, count=page.total, limit=params["limit"], offset=params["offset"]),
            "results": self.serialize(result, rows),
            "facets": labelled_facets(page, self.language, searched),
            "corrected_query": page.corrected_query,
            "relaxed": page.relaxed,
            "filled_ids": list(page.filled_ids),
            "filled_without": list(page.filled_without),
            "synonyms": result.search.query.used_synonyms,
            "search_id": search_id,
            "understood": [understood_json(item, applied=not result.dropped) for item in result.understood],
            "banners": list(search.actions.banners),
            "redirect": search.actions.redirect,
            "rules": list(search.actions.acted),
        }
        return Response(payload, headers=self.backend_headers(result.found))
