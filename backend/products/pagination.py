"""limit/offset pages with next/previous links, for the product APIs."""
from rest_framework.utils.urls import remove_query_param, replace_query_param


def paginate(request, queryset, *, limit, offset):
    """{count, next, previous, results}: `results` holds the page's objects, still to serialize."""
    count = queryset.count()
    results = list(queryset[offset:offset + limit]) if offset < count else []
    url = request.build_absolute_uri()

    def link(new_offset):
        with_limit = replace_query_param(url, "limit", limit)
        return replace_query_param(with_limit, "offset", new_offset) if new_offset else remove_query_param(
            with_limit, "offset"
        )

    return {
        "count": count,
        "next": link(offset + limit) if offset + limit < count else None,
        "previous": link(max(offset - limit, 0)) if offset > 0 else None,
        "results": results,
    }
