"""PostgreSQL unreachable: JSON 503s naming it, bounded by the connect timeout."""
import time
from contextlib import contextmanager

import pytest
from django.db import connection
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def postgres_unreachable(port):
    """Sends the app's next database connection to a loopback port nothing listens on."""
    connection.close()
    saved = dict(connection.settings_dict)
    connection.settings_dict["PORT"] = port
    connection.settings_dict["OPTIONS"] = {**saved["OPTIONS"], "connect_timeout": 2}
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.mark.parametrize(
    "url",
    ["/api/search/products/cs/?q=bota", "/api/search/suggest/cs/?q=bo", "/api/products/1/similar/"],
)
def test_api_answers_503_json_naming_postgres(closed_port, url, settings):
    settings.USE_ELASTIC = False  # the PostgreSQL fallback is what needs the database here
    with postgres_unreachable(closed_port):
        started = time.monotonic()
        response = APIClient().get(url)
        elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.json()["service"] == "postgres"
    assert elapsed < 5


def test_health_says_postgres_is_down(closed_port):
    with postgres_unreachable(closed_port):
        started = time.monotonic()
        response = APIClient().get("/api/health/")
        elapsed = time.monotonic() - started
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["postgres"]
    assert body["services"]["elasticsearch"]["status"] == "up"
    assert elapsed < 5


def test_unknown_api_path_is_a_json_404():
    response = APIClient().get("/api/does-not-exist/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_readiness_says_down_when_postgres_is_unreachable(closed_port):
    with postgres_unreachable(closed_port):
        response = APIClient().get("/api/health/ready/")
    assert response.status_code == 503
    assert response.json() == {"status": "down", "degraded": [], "down": ["postgres"]}
