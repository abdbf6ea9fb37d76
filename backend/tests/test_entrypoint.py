"""The backend image's entrypoint, run as the container runs it, against the real services.

No container engine runs here, so the script runs on the host with the
production settings a container gets: its own database, index prefix and the
test Redis database, all dropped afterwards.
"""
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from elasticsearch import Elasticsearch

REPO_DIR = Path(__file__).resolve().parents[2]
ENTRYPOINT = REPO_DIR / "docker" / "backend" / "entrypoint.sh"
SECRET = "entrypoint-test-" + "k3y" * 20
DEMO_PRODUCTS = 40


def _admin_sql(sql, dbname="postgres"):
    """Runs one statement outside any transaction (CREATE/DROP DATABASE); returns its first row."""
    db = settings.DATABASES["default"]
    conn = psycopg2.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"],
                            dbname=dbname)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone() if cursor.description else None
    finally:
        conn.close()


@pytest.fixture
def stack():
    """A fresh database and index prefix, as on a stack's first start."""
    name = f"test_entrypoint_{uuid.uuid4().hex[:8]}"
    _admin_sql(f'CREATE DATABASE "{name}"')
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"
    es = Elasticsearch(**settings.ELASTICSEARCH_DSL["default"])
    yield {"DATABASE_URL": url, "ELASTICSEARCH_INDEX_PREFIX": name}
    es.indices.delete(index=f"{name}_*", ignore_unavailable=True, allow_no_indices=True)
    es.close()
    _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _start(stack, *command, **extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production", DEBUG="0", SECRET_KEY=SECRET,
        REDIS_URL=settings.REDIS_URL, USE_ELASTIC="1", DEMO_PRODUCTS=str(DEMO_PRODUCTS),
        # The image's `python` is the app's interpreter.
        PATH=f"{Path(sys.executable).parent}:{env.get('PATH', '')}", **stack,
    )
    env.update(extra)
    return subprocess.Popen([str(ENTRYPOINT), *command], cwd=REPO_DIR / "backend", env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_two_replicas_starting_at_once_build_the_index_exactly_once(stack, es_client):
    """Migrations, the demo catalog and the index happen once; both replicas then serve."""
    first, second = _start(stack, "prepare"), _start(stack, "prepare")
    outputs = [process.communicate(timeout=300)[0] for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    alias = f"{stack['ELASTICSEARCH_INDEX_PREFIX']}_products"
    behind = list(es_client.indices.get_alias(name=alias))
    assert len(behind) == 1
    assert list(es_client.indices.get(index=f"{stack['ELASTICSEARCH_INDEX_PREFIX']}_*")) == behind
    es_client.indices.refresh(index=alias)
    published = _admin_sql("SELECT count(*) FROM products_product WHERE is_published",
                           stack["ELASTICSEARCH_INDEX_PREFIX"])[0]
    assert 0 < published <= DEMO_PRODUCTS
    assert es_client.count(index=alias)["count"] == published
    joined = "\n".join(outputs)
    assert joined.count("Created search index") == 1, outputs
    assert joined.count("exists") == 1, outputs
    assert joined.count(f"Loaded {DEMO_PRODUCTS} demo products") == 1, outputs


def test_a_restart_changes_nothing_and_runs_the_given_command(stack, es_client):
    """A second start finds everything in place and hands over to the container's command."""
    assert _start(stack, "prepare").wait(timeout=300) == 0
    alias = f"{stack['ELASTICSEARCH_INDEX_PREFIX']}_products"
    before = list(es_client.indices.get_alias(name=alias))
    restart = _start(stack, "python", "-c", "print('served')")
    output = restart.communicate(timeout=120)[0]
    assert restart.returncode == 0 and output.strip() == "served"
    again = _start(stack, "prepare")
    output = again.communicate(timeout=300)[0]
    assert again.returncode == 0, output
    assert "nothing done" in output and "nothing loaded" in output
    assert list(es_client.indices.get_alias(name=alias)) == before


def test_without_demo_products_the_index_is_created_empty(stack, es_client):
    """DEMO_PRODUCTS=0 (the default) loads nothing, yet searches hit a real, empty index."""
    process = _start(stack, "prepare", DEMO_PRODUCTS="0")
    output = process.communicate(timeout=300)[0]
    assert process.returncode == 0, output
    alias = f"{stack['ELASTICSEARCH_INDEX_PREFIX']}_products"
    assert es_client.count(index=alias)["count"] == 0
