"""The backend container's health check against gunicorn serving production settings.

Run as the image runs them (docker/backend/healthcheck.py, gunicorn, production
settings behind a real domain with SSL redirects on), on a free loopback port.
"""
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.pure  # no backing service

BACKEND_DIR = Path(__file__).resolve().parents[1]
HEALTHCHECK = BACKEND_DIR.parent / "docker" / "backend" / "healthcheck.py"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(allowed_hosts):
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", DEBUG="0",
               SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS=allowed_hosts,
               SECURE_SSL_REDIRECT="1", SECURE_COOKIES="1")
    return env


@pytest.fixture
def serve():
    started = []

    def start(allowed_hosts):
        port = _free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "1"],
            cwd=BACKEND_DIR, env=_environment(allowed_hosts), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        started.append(process)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return port
            except OSError:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not start")

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=15)


def _check(port, allowed_hosts):
    return subprocess.run([sys.executable, str(HEALTHCHECK), str(port)], env=_environment(allowed_hosts),
                          capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize("allowed_hosts", ["shop.example.com", ".example.com,localhost", "*"])
def test_healthy_behind_a_real_domain(serve, allowed_hosts):
    port = serve(allowed_hosts)
    result = _check(port, allowed_hosts)
    assert result.returncode == 0, result.stdout


def test_the_old_localhost_check_would_have_failed(serve):
    """What the compose file used to ask: Host localhost over plain HTTP, refused by a real deployment."""
    port = serve("shop.example.com")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"http://localhost:{port}/api/health/live/", timeout=5)
    assert refused.value.code == 400


def test_unhealthy_when_nothing_answers():
    result = _check(_free_port(), "shop.example.com")
    assert result.returncode == 1
    assert "unhealthy" in result.stdout


def test_unhealthy_when_the_host_is_not_served(serve):
    port = serve("shop.example.com")
    result = _check(port, "other.example.org")
    assert result.returncode == 1
    assert "answered 400" in result.stdout
