"""`POST /passthrough/<index>/_search[?query]`: the body (and query string, e.g. suggest's
filter_path) to Elasticsearch, its parsed answer back as JSON."""
import json

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from search.clients import request_client
from search.documents import ProductDocument


@csrf_exempt
def passthrough(request, index):
    client = request_client(ProductDocument)
    query = request.META.get("QUERY_STRING")
    answer = client.transport.perform_request(
        "POST", f"/{index}/_search" + (f"?{query}" if query else ""), body=request.body,
        headers={"content-type": "application/json", "accept": "application/json"},
    )
    return HttpResponse(json.dumps(answer.body), content_type="application/json")


urlpatterns = [path("passthrough/<str:index>/_search", passthrough), path("", include("config.urls"))]
