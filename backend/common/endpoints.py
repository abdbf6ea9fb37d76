"""What shopper-facing endpoints share, in one place.

Open to anyone, with no session or token lookup (a public read never depends
on who asks); throttled per client by the class each endpoint names.
`PublicReadEndpoint` also skips the request-wide transaction: ATOMIC_REQUESTS
is for writes, and a read that holds no transaction keeps answering while
PostgreSQL restarts between its queries.
"""
from django.db import transaction
from django.utils.decorators import method_decorator
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView


class PublicEndpoint(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []


class PublicReadEndpoint(PublicEndpoint):
    @method_decorator(transaction.non_atomic_requests)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)
