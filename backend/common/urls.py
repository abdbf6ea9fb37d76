from django.urls import path

from common.apis import HealthApi, LivenessApi, ReadinessApi

urlpatterns = [
    path("health/", HealthApi.as_view(), name="health"),
    path("health/live/", LivenessApi.as_view(), name="health-live"),
    path("health/ready/", ReadinessApi.as_view(), name="health-ready"),
]
