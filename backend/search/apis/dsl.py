"""django-elasticsearch-dsl-drf's DocumentViewSet over ProductDocument, for
clients that want that package's query DSL (filtering, ordering, facets,
highlighting, completion suggester) rather than our /search/products/ API.

    /api/search/dsl/products/?search=boty&lang=cs&category=3&price__range=100__900&ordering=-price
    /api/search/dsl/products/?search=bota&facet=category&facet=in_stock&highlight=title.cs
    /api/search/dsl/products/suggest/?title_cs__completion=cer

Its facets are the package's: `facet=attribute` gives flat buckets per value id
over the whole filtered query (`attribute__in` matches any of the ids). The
faceted navigation (one group per attribute type, OR within a type and AND
across types, each group counted without its own filter, the category path and
children, price min/max) is /api/search/products/<lang>/'s `facets`.
"""
import search.drf_compat  # noqa: F401  (before any django_elasticsearch_dsl_drf import)
from django_elasticsearch_dsl_drf.constants import (
    LOOKUP_FILTER_RANGE,
    LOOKUP_QUERY_GTE,
    LOOKUP_QUERY_IN,
    LOOKUP_QUERY_LTE,
    SUGGESTER_COMPLETION,
)
from django_elasticsearch_dsl_drf.filter_backends import (
    DefaultOrderingFilterBackend,
    FacetedSearchFilterBackend,
    FilteringFilterBackend,
    HighlightBackend,
    OrderingFilterBackend,
    SuggesterFilterBackend,
)
from django_elasticsearch_dsl_drf.pagination import LimitOffsetPagination as PackageLimitOffsetPagination
from django_elasticsearch_dsl_drf.serializers import DocumentSerializer
from django_elasticsearch_dsl_drf.viewsets import DocumentViewSet
from django.http import Http404
from django.utils.html import escape
from django.utils.translation import gettext
from elasticsearch import ApiError, BadRequestError, NotFoundError, TransportError
from elasticsearch_dsl import Q, TermsFacet
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from common.exceptions import ServiceUnavailable
from common.languages import default_language, shop_languages, validated_language
from common.pagination import StrictLimitOffset
from search.apis.base import PublicSearchEndpoint
from search.apis.dsl_params import BoundedFilterParamsBackend
from search.clients import elasticsearch_breaker, is_outage, request_client
from search.documents import ProductDocument
from search.selectors.published import published_hits, published_suggestions
from search.selectors.rule_boosts import elastic_scored
from search.selectors.unlisted import unlisted_in_flight_ids
from search.product_search import acting_rules
from search.queries import product_text_query
from search.rule_actions import NONE
from search.rules import synonyms_for
from search.serializers import query_text_errors
from search.understanding import understand

# Highlight marks Elasticsearch puts around matches: private-use characters, so the
# fragment can be HTML-escaped whole and the marks turned into <mark> tags afterwards.
MARK_START, MARK_END = "\ue000", "\ue001"


def escaped_fragment(fragment: str) -> str:
    """A highlight fragment as safe HTML: the product's text escaped, matches in <mark>."""
    return escape(fragment).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


class ProductTextSearchBackend(BaseFilterBackend):
    """`?search=` in `?lang=` (default: the shop's default language), answered by the
    shop's own relevance query (search/queries.py): this endpoint and
    /api/search/products/<lang>/ use the same fields and rank alike, staff's rules
    included (boosts and buries unless `ordering` is given; banners and a redirect
    in the answer)."""

    def filter_queryset(self, request, queryset, view):
        text = request.query_params.get("search", "").strip()
        if not text:
            return queryset
        errors = query_text_errors(text)
        if errors:
            raise ValidationError({"search": errors})
        language = validated_language(request.query_params.get("lang") or default_language())
        sort = "relevance" if "ordering" not in request.query_params else "ordering"
        view.rule_actions = acting_rules(text, sort, language)
        if request.query_params.get("understand", "1") != "0":
            text, queryset = understood_dsl_search(text, language, request.query_params, queryset)
        if not text:
            return queryset
        query = product_text_query(text, language, synonyms=synonyms_for(language))
        return queryset.query(Q(elastic_scored(query, view.rule_actions.boosts)))

    def get_schema_operation_parameters(self, view):
        return [
            {"name": "search", "in": "query", "required": False, "schema": {"type": "string"},
             "description": "full-text query, ranked as /api/search/products/<lang>/ ranks it"},
            {"name": "understand", "in": "query", "required": False, "schema": {"type": "integer", "enum": [0, 1]},
             "description": "1 (default): price limits, order words and attribute values in `search` are applied "
                            "as filters and ordering, as /api/search/products/<lang>/ applies them; 0: words only"},
            {"name": "lang", "in": "query", "required": False,
             "schema": {"type": "string", "enum": list(shop_languages())},
             "description": "language of `search` (default: the shop's default language)"},
        ]


class UnlistedInFlightBackend(BaseFilterBackend):
    """Leaves out products unpublished a moment ago that the index still holds, so the
    count and facets agree with the page (search/selectors/unlisted.py)."""

    def filter_queryset(self, request, queryset, view):
        unlisted = unlisted_in_flight_ids()
        return queryset.exclude("ids", values=[str(pk) for pk in unlisted]) if unlisted else queryset


DSL_ORDERING = {"price": "price", "-price": "-price", "newest": "-created_at"}


def understood_dsl_search(text, language, query_params, queryset):
    """(the text left, `queryset` with the understood limits, order and attribute values applied,
    each unless the request sets its own: price*, ordering, attribute*)."""
    understanding = understand(text, language)
    prices, values_by_type = {}, {}
    for item in understanding.understood:
        if item.kind in ("price_min", "price_max") and not any(name.startswith("price") for name in query_params):
            prices["gte" if item.kind == "price_min" else "lte"] = float(item.value)
        elif item.kind == "sort" and "ordering" not in query_params:
            order = f"-popularity.{language}" if item.value == "popular" else DSL_ORDERING[item.value]
            queryset = queryset.sort(order, "id")
        elif item.kind == "attribute" and not any(name.startswith("attribute") for name in query_params):
            values_by_type.setdefault(item.type_id, []).append(item.id)
    for value_ids in values_by_type.values():  # either value of one type, every type
        queryset = queryset.filter("terms", attribute_values=value_ids)
    if prices:
        queryset = queryset.filter("range", price=prices)
    return understanding.text, queryset


class ProductDocumentPagination(StrictLimitOffset, PackageLimitOffsetPagination):
    """The package's pagination (it pages Elasticsearch), with the shop's limits and 400s."""


class ProductDocumentSerializer(DocumentSerializer):
    # The package maps multi-valued and date fields to scalar types; say what they hold.
    category_path = serializers.ListField(child=serializers.IntegerField())
    attribute_values = serializers.ListField(child=serializers.IntegerField())
    created_at = serializers.DateTimeField()
    highlight = serializers.SerializerMethodField()

    def get_highlight(self, hit) -> dict[str, list[str]]:
        highlight = getattr(hit.meta, "highlight", None)
        if highlight is None:
            return {}
        return {field: [escaped_fragment(text) for text in fragments]
                for field, fragments in highlight.to_dict().items()}

    class Meta:
        document = ProductDocument
        fields = (
            "id", "sku", "title", "short_description", "attribute_list", "category_name",
            "category_id", "category_path", "attribute_values", "price", "stock", "in_stock", "created_at",
            "highlight",
        )


class ProductDocumentViewSet(PublicSearchEndpoint, DocumentViewSet):
    """The product index through django-elasticsearch-dsl-drf's query DSL. `facet=` gives the
    package's flat buckets over the filtered query (`attribute__in` matches any of the ids);
    faceted navigation, each group counted without its own filter, is /api/search/products/<lang>/."""

    document = ProductDocument
    serializer_class = ProductDocumentSerializer
    pagination_class = ProductDocumentPagination
    lookup_field = "id"
    lookup_value_regex = r"[0-9]{1,19}"  # ASCII, within bigint: anything else is a 404, not an Elasticsearch error
    filter_backends = [
        BoundedFilterParamsBackend,
        UnlistedInFlightBackend,
        FilteringFilterBackend,
        OrderingFilterBackend,
        DefaultOrderingFilterBackend,
        ProductTextSearchBackend,
        FacetedSearchFilterBackend,
        HighlightBackend,
        SuggesterFilterBackend,
    ]
    filter_fields = {
        "category": {"field": "category_path", "lookups": [LOOKUP_QUERY_IN]},
        "attribute": {"field": "attribute_values", "lookups": [LOOKUP_QUERY_IN]},
        "price": {"field": "price", "lookups": [LOOKUP_FILTER_RANGE, LOOKUP_QUERY_GTE, LOOKUP_QUERY_LTE]},
        # Exact values only: the package would otherwise take any lookup (sku__regexp, sku__wildcard).
        "in_stock": {"field": "in_stock", "lookups": []},
        "sku": {"field": "sku", "lookups": []},
    }
    ordering_fields = {"price": "price", "created_at": "created_at", "id": "id", "_score": "_score"}
    ordering = ("-_score", "id")  # best first ("_score" alone would sort ascending)
    faceted_search_fields = {
        "category": {"field": "category_path", "facet": TermsFacet, "enabled": False},
        "attribute": {"field": "attribute_values", "facet": TermsFacet, "enabled": False},
        "in_stock": {"field": "in_stock", "facet": TermsFacet, "enabled": False},
    }
    highlight_fields = {
        f"title.{language}": {"enabled": False, "options": {"pre_tags": [MARK_START], "post_tags": [MARK_END]}}
        for language in shop_languages()
    }
    # The package routes `functional_suggest` on every DocumentViewSet, where it 500s
    # unless FunctionalSuggesterFilterBackend is configured; we offer `suggest` only.
    functional_suggest = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The request path's client (search/clients.py): short timeout, no retries.
        self.client = request_client(self.document)
        self.search = self.search.using(self.client)
        self.guard = None
        self.rule_actions = NONE  # what staff's rules did to `?search=` (ProductTextSearchBackend)

    def initial(self, request, *args, **kwargs):
        """No PostgreSQL answer exists for this endpoint: while the breaker is open, a 503."""
        super().initial(request, *args, **kwargs)
        self.guard = elasticsearch_breaker()
        if not self.guard.allow():
            raise ServiceUnavailable("elasticsearch")

    def get_object(self):
        found = self.document.get(id=self.kwargs[self.lookup_field], using=self.client)
        if not published_hits([found]):
            raise Http404(gettext("No such product."))
        return self.dictionary_proxy(found.to_dict(skip_empty=False), getattr(found, "meta", None))

    @action(detail=False)
    def suggest(self, request):
        """The package's suggest action, whose 400 without a suggester parameter had no body."""
        response = super().suggest(request)
        if response.status_code == 400 and response.data is None:
            names = ", ".join(f"{name}__completion" for name in self.suggester_fields)
            raise ValidationError({"detail": gettext("Name a suggester: one of %(names)s.") % {"names": names}})
        return response

    def list(self, request, *args, **kwargs):
        """The package's page, with what staff's rules showed for the text (as
        /api/search/products/<lang>/ answers them)."""
        response = super().list(request, *args, **kwargs)
        actions = self.rule_actions
        if isinstance(response.data, dict):
            response.data.update(banners=list(actions.banners), redirect=actions.redirect, rules=list(actions.acted))
        return response

    def paginate_queryset(self, queryset):
        """The page as the index has it, less products PostgreSQL says are unpublished
        (the index lags an unpublish by about a second)."""
        page = super().paginate_queryset(queryset)
        if isinstance(page, dict):  # the suggest action's answer
            return published_suggestions(page)
        return published_hits(page)

    def finalize_response(self, request, response, *args, **kwargs):
        if self.guard is not None:  # not failed by an outage (handle_exception counted that)
            if response.status_code < 500:
                self.guard.record_success()
            else:  # our own error: says nothing about Elasticsearch, frees a half-open trial
                self.guard.release()
        return super().finalize_response(request, response, *args, **kwargs)

    def handle_exception(self, exc):
        """Elasticsearch's refusals are the client's 400/404; an outage is a 503, counted by the breaker."""
        if isinstance(exc, NotFoundError):
            exc = Http404(gettext("No such product."))
        elif isinstance(exc, BadRequestError):
            reason = gettext("Elasticsearch rejected the query: %(reason)s") % {"reason": exc.message}
            exc = ValidationError({"detail": reason})
        elif isinstance(exc, (ApiError, TransportError)) and is_outage(exc):
            if self.guard is not None:
                self.guard.record_failure()
                self.guard = None
            exc = ServiceUnavailable("elasticsearch")
        return super().handle_exception(exc)

    suggester_fields = {
        f"title_{language}": {
            "field": f"title.{language}.suggest",
            "suggesters": [SUGGESTER_COMPLETION],
            "options": {"size": 10, "skip_duplicates": True},
        }
        for language in shop_languages()
    }
