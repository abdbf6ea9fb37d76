"""GET /api/health/ against the real services, and with one of them unreachable."""
import copy

import pytest
from django.conf import settings
from django.test import override_settings
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

URL = "/api/health/"


def _es_settings_on_port(port):
    es = copy.deepcopy(settings.ELASTICSEARCH_DSL)
    es["default"]["hosts"] = [f"http://127.0.0.1:{port}"]
    return es


def test_health_reports_every_service_up():
    response = APIClient().get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["down"] == []
    assert {name: svc["status"] for name, svc in body["services"].items()} == {
        "postgres": "up", "redis": "up", "elasticsearch": "up",
    }


def test_health_names_elasticsearch_when_it_is_down(closed_port):
    with override_settings(ELASTICSEARCH_DSL=_es_settings_on_port(closed_port)):
        response = APIClient().get(URL)
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["elasticsearch"]
    assert body["services"]["postgres"]["status"] == "up"
    assert "error" in body["services"]["elasticsearch"]["details"]


def test_health_names_redis_when_it_is_down(closed_port):
    with override_settings(REDIS_URL=f"redis://127.0.0.1:{closed_port}/0"):
        response = APIClient().get(URL)
    assert response.status_code == 503
    assert response.json()["down"] == ["redis"]


def test_disabled_services_are_not_probed(closed_port):
    """With USE_ELASTIC off an unreachable cluster must not make the shop unhealthy."""
    with override_settings(USE_ELASTIC=False, ELASTICSEARCH_DSL=_es_settings_on_port(closed_port)):
        response = APIClient().get(URL)
    assert response.status_code == 200
    assert response.json()["services"]["elasticsearch"]["status"] == "disabled"


def test_versions_are_shown_to_staff_only(staff_client):
    anonymous = APIClient().get(URL).json()["services"]
    staff = staff_client.get(URL).json()["services"]
    assert all("version" not in service["details"] for service in anonymous.values())
    assert staff["postgres"]["details"]["version"].startswith("PostgreSQL")
    assert staff["redis"]["details"]["version"]


def test_liveness_answers_without_touching_a_service(closed_port):
    broken = override_settings(
        ELASTICSEARCH_DSL=_es_settings_on_port(closed_port), REDIS_URL=f"redis://127.0.0.1:{closed_port}/0",
    )
    with broken:
        response = APIClient().get("/api/health/live/")
    assert (response.status_code, response.json()) == (200, {"status": "alive"})


def test_readiness_is_ok_with_every_service_up():
    response = APIClient().get("/api/health/ready/")
    assert (response.status_code, response.json()) == (200, {"status": "ok", "degraded": [], "down": []})


def test_readiness_is_degraded_not_down_without_elasticsearch_or_redis(closed_port):
    broken = override_settings(
        ELASTICSEARCH_DSL=_es_settings_on_port(closed_port), REDIS_URL=f"redis://127.0.0.1:{closed_port}/0",
    )
    with broken:
        response = APIClient().get("/api/health/ready/")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "degraded": ["redis", "elasticsearch"], "down": []}
