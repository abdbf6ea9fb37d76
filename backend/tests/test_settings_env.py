"""Settings read from the environment reach the clients intact (credentials, connection options)."""
import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.pure  # no backing service

BACKEND_DIR = Path(__file__).resolve().parents[1]

ES_AUTH = """
import json, django
django.setup()
from search.documents import ProductDocument
client = ProductDocument._get_connection()
headers = [dict(node.config.headers) for node in client.transport.node_pool.all()] + [dict(client._headers)]
print(json.dumps([h["authorization"] for h in headers if "authorization" in h]))
"""


def _run(code, **overrides):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("ELASTICSEARCH_", "DATABASE_"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.dev", **overrides)
    result = subprocess.run([sys.executable, "-c", code], cwd=BACKEND_DIR, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _basic(header):
    scheme, _, token = header.partition(" ")
    assert scheme == "Basic"
    return base64.b64decode(token).decode()


@pytest.mark.parametrize("overrides", [
    {"ELASTICSEARCH_USERNAME": "elastic", "ELASTICSEARCH_PASSWORD": "s3cret"},
    {"ELASTICSEARCH_HOSTS": "http://elastic:s3cret@127.0.0.1:9200"},
])
def test_elasticsearch_credentials_reach_the_client(overrides):
    """Compose's Elasticsearch has security on: without the header every request is a 401."""
    assert [_basic(header) for header in _run(ES_AUTH, **overrides)] == ["elastic:s3cret"]


def test_without_credentials_no_authorization_is_sent():
    assert _run(ES_AUTH) == []


DB_OPTIONS = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps(settings.DATABASES["default"]["OPTIONS"]))
"""


def test_database_url_options_are_kept_next_to_the_defaults():
    """`?sslmode=require` must reach psycopg2: dropping it would send the password in clear."""
    options = _run(DB_OPTIONS, DATABASE_URL="postgres://u:p@db.example.com:5432/shop?sslmode=require",
                   DATABASE_CONNECT_TIMEOUT="7")
    assert options["sslmode"] == "require"
    assert options["connect_timeout"] == 7
    assert options["options"] == "-c statement_timeout=30000"


def test_database_url_options_win_over_the_defaults():
    options = _run(DB_OPTIONS, DATABASE_URL="postgres://u:p@db:5432/shop?connect_timeout=2")
    assert int(options["connect_timeout"]) == 2
