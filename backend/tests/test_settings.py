"""Production settings refuse unsafe configurations; the test run is isolated."""
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.pure  # no backing service

BACKEND_DIR = Path(__file__).resolve().parents[1]
GOOD_KEY = secrets.token_urlsafe(50)


def _load_production_settings(code="print('loaded')", **overrides):
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY", "NUM_PROXIES"}}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", **overrides)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BACKEND_DIR, env=env, capture_output=True, text=True, timeout=60,
    )


def test_production_refuses_debug():
    result = _load_production_settings(DEBUG="1", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_production_refuses_a_missing_secret_key():
    result = _load_production_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_guessable_secret_key():
    result = _load_production_settings(DEBUG="0", SECRET_KEY="a" * 60)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_starts_with_safe_settings():
    result = _load_production_settings(DEBUG="0", SECRET_KEY=GOOD_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "loaded"


def test_production_passes_the_deploy_checklist():
    """`manage.py check --deploy` is clean with production settings."""
    env = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", DEBUG="0", SECRET_KEY=GOOD_KEY)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BACKEND_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_forwarded_proto_is_trusted_only_behind_a_configured_proxy():
    show = ("from django.conf import settings; "
            "print(settings.REST_FRAMEWORK['NUM_PROXIES'], getattr(settings, 'SECURE_PROXY_SSL_HEADER', None))")
    direct = _load_production_settings(show, DEBUG="0", SECRET_KEY=GOOD_KEY)
    assert direct.stdout.strip() == "0 None", direct.stderr
    proxied = _load_production_settings(show, DEBUG="0", SECRET_KEY=GOOD_KEY, NUM_PROXIES="1")
    assert proxied.stdout.strip() == "1 ('HTTP_X_FORWARDED_PROTO', 'https')", proxied.stderr
