"""Markers say which backing services a test needs; a run checks only those (backend/conftest.py).

Each case runs pytest in a subprocess with the services it must not need pointed at
a loopback port nothing listens on."""
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.pure  # no backing service

REPO_DIR = Path(__file__).resolve().parents[2]
WRONGLY_MARKED = '''
import pytest

pytestmark = pytest.mark.pure


def test_reads_the_database(db):
    pass
'''


@pytest.fixture(scope="module")
def nothing_listens():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _down(port, *services):
    urls = {
        "postgres": {"DATABASE_URL": f"postgres://eshop:eshop@127.0.0.1:{port}/eshop"},
        "redis": {"REDIS_URL": f"redis://127.0.0.1:{port}/0", "TEST_REDIS_URL": f"redis://127.0.0.1:{port}/1"},
        "elasticsearch": {"ELASTICSEARCH_HOSTS": f"http://127.0.0.1:{port}"},
    }
    return {name: value for service in services for name, value in urls[service].items()}


def _pytest(*args, env):
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args], cwd=REPO_DIR,
        env={**os.environ, "PYTHONPATH": str(REPO_DIR / "backend"), **env}, capture_output=True, text=True,
        timeout=120,
    )


def test_pure_tests_run_with_every_service_down(nothing_listens):
    result = _pytest("-m", "pure", "backend/common/tests/test_breaker.py",
                     env=_down(nothing_listens, "postgres", "redis", "elasticsearch"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "12 passed" in result.stdout  # every pure test of the breaker ran, none skipped


def test_an_unmarked_test_needs_every_service_and_names_the_missing_one(nothing_listens):
    result = _pytest("backend/products/tests/test_models.py", env=_down(nothing_listens, "elasticsearch"))
    output = result.stdout + result.stderr
    assert result.returncode == 3, output
    assert "backing services unreachable: Elasticsearch" in output
    assert "PostgreSQL (" not in output and "Redis (" not in output


def test_a_marker_must_cover_the_services_the_tests_fixtures_use(tmp_path):
    (tmp_path / "test_wrongly_marked.py").write_text(WRONGLY_MARKED)
    result = _pytest("-c", "pytest.ini", "--rootdir", str(REPO_DIR), "-p", "conftest",
                     str(tmp_path / "test_wrongly_marked.py"), env={})
    output = result.stdout + result.stderr
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, output
    assert "service markers leave out a service the test uses" in output
    assert "test_reads_the_database: uses postgres" in output
