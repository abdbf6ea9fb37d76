from django.db import transaction
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from common.authentication import ExpiringTokenAuthentication
from common.health import check_services, readiness, stale_backlogs
from common.serializers import HealthSerializer, ReadinessSerializer

# Shown to staff only: exact versions tell an attacker which known flaws to try.
STAFF_ONLY_DETAILS = {"version"}


# No transaction around the probes: they must answer even when PostgreSQL is down.
@method_decorator(transaction.non_atomic_requests, name="dispatch")
class HealthApi(APIView):
    """200 when every enabled backing service answers, 503 naming the ones that don't; "degraded"
    (200) naming a backlog older than HEALTH_BACKLOG_MAX_AGE_SECONDS (a worker or sweep stopped)."""

    authentication_classes = [ExpiringTokenAuthentication, SessionAuthentication]
    permission_classes = [AllowAny]

    @extend_schema(responses={200: HealthSerializer, 503: HealthSerializer})
    def get(self, request):
        results = check_services()
        if not request.user.is_staff:
            for result in results:
                for key in STAFF_ONLY_DETAILS:
                    result.details.pop(key, None)
        down = [result.name for result in results if result.is_down]
        stale = {} if "postgres" in down else stale_backlogs()
        payload = {
            "status": "unavailable" if down else "degraded" if stale else "ok",
            "down": down,
            "degraded": list(stale),
            "stale_backlogs": {name: {"oldest_age_seconds": age} for name, age in stale.items()},
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


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class LivenessApi(APIView):
    """200 as long as this process answers requests; touches no backing service."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(responses={200: OpenApiResponse(description='{"status": "alive"}')})
    def get(self, request):
        return Response({"status": "alive"})


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class ReadinessApi(APIView):
    """For orchestrators: 200 "ok" or "degraded" (Elasticsearch or Redis down: the shop still
    answers), 503 "down" (PostgreSQL unreachable). Short probes; no details, no versions."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(responses={200: ReadinessSerializer, 503: ReadinessSerializer})
    def get(self, request):
        state = readiness()
        code = status.HTTP_503_SERVICE_UNAVAILABLE if state["status"] == "down" else status.HTTP_200_OK
        return Response(ReadinessSerializer(state).data, status=code)
