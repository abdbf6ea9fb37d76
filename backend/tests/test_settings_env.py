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
           if not key.startswith(("ELASTICSEARCH_", "DATABASE_", "REDIS_"))}
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


TIMEOUTS = """
import json, warnings
warnings.simplefilter("always")
with warnings.catch_warnings(record=True) as caught:
    import django
    django.setup()
from django.conf import settings
print(json.dumps({
    "write": settings.ELASTICSEARCH_WRITE_TIMEOUT, "search": settings.ELASTICSEARCH_SEARCH_TIMEOUT,
    "client": settings.ELASTICSEARCH_DSL["default"]["request_timeout"],
    "rq": settings.REDIS_RQ_TIMEOUT, "enqueue": settings.REDIS_ENQUEUE_TIMEOUT,
    "queue_url": settings.RQ_QUEUES["default"]["URL"],
    "warnings": sorted(str(w.message) for w in caught if w.category is FutureWarning),
}))
"""


def test_renamed_timeouts_are_still_read_under_their_old_names_with_a_warning():
    found = _run(TIMEOUTS, ELASTICSEARCH_TIMEOUT="7", ELASTICSEARCH_REQUEST_TIMEOUT="0.7",
                 REDIS_TIMEOUT="4", REDIS_REQUEST_TIMEOUT="0.25")
    assert (found["write"], found["client"], found["search"]) == (7.0, 7.0, 0.7)
    assert (found["rq"], found["enqueue"]) == (4.0, 0.25)
    assert "socket_timeout=4.0" in found["queue_url"]
    assert found["warnings"] == [
        f"{old} is deprecated and will be ignored in the next release: set {new} instead."
        for old, new in sorted([("ELASTICSEARCH_REQUEST_TIMEOUT", "ELASTICSEARCH_SEARCH_TIMEOUT"),
                                ("ELASTICSEARCH_TIMEOUT", "ELASTICSEARCH_WRITE_TIMEOUT"),
                                ("REDIS_REQUEST_TIMEOUT", "REDIS_ENQUEUE_TIMEOUT"),
                                ("REDIS_TIMEOUT", "REDIS_RQ_TIMEOUT")])
    ]


def test_the_new_name_wins_and_alone_warns_nothing():
    found = _run(TIMEOUTS, ELASTICSEARCH_WRITE_TIMEOUT="9", ELASTICSEARCH_TIMEOUT="7", REDIS_ENQUEUE_TIMEOUT="0.3")
    assert (found["write"], found["enqueue"]) == (9.0, 0.3)
    assert found["warnings"] == [
        "ELASTICSEARCH_TIMEOUT is deprecated and will be ignored in the next release: set "
        "ELASTICSEARCH_WRITE_TIMEOUT instead."
    ]
    assert _run(TIMEOUTS, ELASTICSEARCH_SEARCH_TIMEOUT="0.8")["warnings"] == []
