"""limit/offset pages for every list endpoint: DRF's LimitOffsetPagination for the
links, with limits that answer 400 naming the parameter instead of being clamped."""
from rest_framework import serializers
from django.utils.translation import gettext
from rest_framework.pagination import LimitOffsetPagination

from common.params import QueryParamsSerializer

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Elasticsearch's index.max_result_window: offset + limit may not exceed it.
MAX_RESULT_WINDOW = 10_000


class PaginationParamsSerializer(QueryParamsSerializer):
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT)
    offset = serializers.IntegerField(min_value=0, max_value=MAX_RESULT_WINDOW, default=0)

    def validate(self, attrs):
        if attrs["offset"] + attrs["limit"] > MAX_RESULT_WINDOW:
            raise serializers.ValidationError(
                {"offset": [gettext("offset + limit may not exceed %(window)d; refine the query instead.")
                            % {"window": MAX_RESULT_WINDOW}]}
            )
        return attrs


class StrictLimitOffset(LimitOffsetPagination):
    """Reads limit and offset through PaginationParamsSerializer (400s) for any
    LimitOffsetPagination, DRF's own or a package's (put it first among the bases)."""

    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT

    def _validated(self, request):
        if getattr(self, "_params_request", None) is not request:
            data = {key: request.query_params[key] for key in ("limit", "offset") if key in request.query_params}
            params = PaginationParamsSerializer(data=data)
            params.is_valid(raise_exception=True)
            self._params_request, self._params = request, params.validated_data
        return self._params

    def get_limit(self, request):
        return self._validated(request)["limit"]

    def get_offset(self, request):
        return self._validated(request)["offset"]


class LimitOffsetPages(StrictLimitOffset, LimitOffsetPagination):
    """Pages of a queryset, or links for a page counted elsewhere (a search engine's)."""

    def describe(self, request, *, count: int, limit: int, offset: int) -> dict:
        """{count, next, previous} for a page of `limit` results at `offset` out of `count`."""
        self.request, self.count, self.limit, self.offset = request, count, limit, offset
        return {"count": count, "next": self.get_next_link(), "previous": self.get_previous_link()}

    def page(self, queryset, request) -> dict:
        """{count, next, previous, results}: `results` are the page's objects, to serialize."""
        results = self.paginate_queryset(queryset, request)
        return {"count": self.count, "next": self.get_next_link(), "previous": self.get_previous_link(),
                "results": results}
