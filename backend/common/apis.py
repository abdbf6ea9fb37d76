from django.db import transaction
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from common.health import check_services
from common.serializers import HealthSerializer


# No transaction around the probe: it must answer even when PostgreSQL is down.
@method_decorator(transaction.non_atomic_requests, name="dispatch")
class HealthApi(APIView):
    """200 when every enabled backing service answers, 503 naming the ones that don't."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(responses={200: HealthSerializer, 503: HealthSerializer})
    def get(self, request):
        results = check_services()
        down = [result.name for result in results if result.is_down]
        payload = {
            "status": "unavailable" if down else "ok",
            "down": down,
            "services": {
                result.name: {
                    "status": result.status,
                    "latency_ms": result.latency_ms,
                    "details": result.details,
                }
                for result in results
            },
        }
        code = status.HTTP_503_SERVICE_UNAVAILABLE if down else status.HTTP_200_OK
        return Response(HealthSerializer(payload).data, status=code)
