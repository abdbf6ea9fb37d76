"""docker-compose.yml and the Dockerfiles agree with the app and the local setup.

No Docker engine runs in CI, so these tests read the files instead of running them.
"""
import os
import re
import shlex
from pathlib import Path

import pytest
import yaml
from django.conf import settings

pytestmark = pytest.mark.pure  # no backing service

REPO_DIR = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO_DIR / "docker-compose.yml"
ES_DOCKERFILE = REPO_DIR / "docker" / "elasticsearch" / "Dockerfile"
ES_SCRIPT = REPO_DIR / "scripts" / "lib" / "elasticsearch.sh"
ENTRYPOINT = REPO_DIR / "docker" / "backend" / "entrypoint.sh"
DOCKERFILE = REPO_DIR / "Dockerfile"
PORTS_OVERRIDE = REPO_DIR / "docker-compose.ports.yml"
DATA_SERVICES = ("postgres", "redis", "elasticsearch")
HUNSPELL_LOCALES = ("cs_CZ", "sk_SK", "en_GB", "en_US")


def _services():
    return yaml.safe_load(COMPOSE_FILE.read_text())["services"]


def _environment(service):
    """A service's environment as a dict, whether written as a mapping or a list."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return {name: None if value is None else str(value) for name, value in env.items()}


def _published_ports(service):
    """(host address, host port, container port) of a service, from short or long port syntax."""
    published = set()
    for port in service.get("ports", []):
        if isinstance(port, dict):
            published.add((port.get("host_ip", "0.0.0.0"), int(port["published"]), int(port["target"])))
            continue
        parts = str(port).split(":")
        address = parts[0] if len(parts) == 3 else "0.0.0.0"
        published.add((address, int(parts[-2]), int(parts[-1].split("/")[0])))
    return published


def _command(service):
    command = service.get("command", [])
    return shlex.split(command) if isinstance(command, str) else [str(part) for part in command]


def test_compose_defines_the_app_and_its_data_services():
    """`docker compose up` must start the API, the RQ worker and every backing service."""
    assert {"backend", "worker", "scheduler", *DATA_SERVICES} <= set(_services())


def test_scheduler_runs_rq_cron_with_the_project_schedule():
    """Without it nothing runs the sync sweep, pending emails or the nightly rebuild."""
    services = _services()
    scheduler = services["scheduler"]
    assert _command(scheduler) == ["python", "manage.py", "rqcron", "config.cron"]
    assert scheduler["build"] == services["backend"]["build"]
    assert _environment(scheduler) == _environment(services["backend"])
    assert "ports" not in scheduler


def test_only_the_backend_is_published():
    """Data services are reachable on the compose network alone; the API on its usual port."""
    services = _services()
    assert _published_ports(services["backend"]) == {("0.0.0.0", 8000, 8000)}
    for name in (*DATA_SERVICES, "worker", "scheduler"):
        assert "ports" not in services[name], name


def test_the_debugging_override_publishes_data_services_on_loopback_only():
    """The opt-in override keeps the usual ports, bound to 127.0.0.1, never to every interface."""
    override = yaml.safe_load(PORTS_OVERRIDE.read_text())["services"]
    expected = {"postgres": 5432, "redis": 6379, "elasticsearch": 9200}
    assert set(override) == set(expected)
    for name, port in expected.items():
        assert _published_ports(override[name]) == {("127.0.0.1", port, port)}, name


def test_redis_requires_the_password_the_backend_sends():
    """RQ unpickles jobs: an open Redis runs anyone's code in the worker."""
    services = _services()
    redis = services["redis"]
    command = " ".join(_command(redis))
    assert '--requirepass "$$REDIS_PASSWORD"' in command
    assert _environment(redis)["REDIS_PASSWORD"] == "${REDIS_PASSWORD:?set REDIS_PASSWORD in .env}"
    assert _environment(services["backend"])["REDIS_URL"].startswith(
        "redis://:${REDIS_PASSWORD:?set REDIS_PASSWORD in .env}@redis:6379/"
    )
    # The health check must authenticate, or it would fail (NOAUTH) against a protected server.
    assert "REDISCLI_AUTH" in _environment(redis)


def test_elasticsearch_security_is_on_and_the_backend_authenticates():
    services = _services()
    es_env = _environment(services["elasticsearch"])
    assert es_env["xpack.security.enabled"] == "true"
    assert es_env["ELASTIC_PASSWORD"] == "${ELASTIC_PASSWORD:?set ELASTIC_PASSWORD in .env}"
    backend_env = _environment(services["backend"])
    assert backend_env["ELASTICSEARCH_USERNAME"] == "elastic"
    assert backend_env["ELASTICSEARCH_PASSWORD"] == es_env["ELASTIC_PASSWORD"]
    assert "$$ELASTIC_PASSWORD" in " ".join(services["elasticsearch"]["healthcheck"]["test"])


def test_every_secret_comes_from_env_file():
    """No password or key is written in the compose file: each is required from `.env`."""
    text = COMPOSE_FILE.read_text()
    assert "eshop:eshop" not in text
    for secret in ("SECRET_KEY", "POSTGRES_PASSWORD", "REDIS_PASSWORD", "ELASTIC_PASSWORD"):
        assert f"${{{secret}:?" in text, secret
    written = r"^\s*(?:- )?[A-Za-z_.]*(?:PASSWORD|SECRET_KEY)\s*[:=]\s*(?!\$\{)\S+"
    assert re.findall(written, text, re.MULTILINE) == []
    assert _environment(_services()["postgres"])["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    assert ".env" in (REPO_DIR / ".dockerignore").read_text().split()


def test_long_running_services_have_healthchecks():
    """depends_on conditions and `docker compose ps` rely on real health checks."""
    services = _services()
    for name in ("backend", *DATA_SERVICES):
        test = services[name].get("healthcheck", {}).get("test")
        assert test and test != ["NONE"], name
    # The liveness check that sends a served Host (tests/test_healthcheck.py runs it).
    assert services["backend"]["healthcheck"]["test"] == ["CMD", "python", "/usr/local/bin/docker-healthcheck.py"]
    assert "COPY docker/backend/healthcheck.py /usr/local/bin/docker-healthcheck.py" in DOCKERFILE.read_text()


def test_backend_worker_and_scheduler_share_a_production_environment():
    """The worker runs the web app's jobs, so it must see the same database, queues and index."""
    services = _services()
    backend_env = _environment(services["backend"])
    for name in ("worker", "scheduler"):
        assert _environment(services[name]) == backend_env, name
        assert services[name]["env_file"] == services["backend"]["env_file"], name
    assert backend_env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert backend_env["DEBUG"] == "0"
    assert "@postgres:5432/" in backend_env["DATABASE_URL"]
    assert backend_env["ELASTICSEARCH_HOSTS"] == "http://elasticsearch:9200"
    # Required from the user (compose refuses to start without it), never baked in.
    assert backend_env["SECRET_KEY"].startswith("${SECRET_KEY:?")


# Variables the compose file sets for the containers instead of taking .env's value:
# the settings module and debug flag of a production container, and the addresses and
# credentials of the compose services (.env's are for a plain host).
CONTAINER_VALUES = {
    "DJANGO_SETTINGS_MODULE", "DEBUG", "DATABASE_URL", "ELASTICSEARCH_HOSTS", "ELASTICSEARCH_USERNAME",
    "ELASTICSEARCH_PASSWORD", "REDIS_URL",
}


def test_every_env_example_variable_reaches_the_app_containers():
    """SMTP, DEFAULT_FROM_EMAIL, SHOP_BASE_URL, throttles, ...: all of .env, through env_file."""
    documented = _documented()
    assert {"EMAIL_HOST_PASSWORD", "SHOP_BASE_URL", "STAFF_ALERT_EMAILS", "CSRF_TRUSTED_ORIGINS",
            "SEARCH_THROTTLE_RATE", "DEFAULT_FROM_EMAIL"} <= documented
    services = _services()
    for name in ("backend", "worker", "scheduler"):
        assert services[name]["env_file"] == [".env"], name
        environment = _environment(services[name])
        # Anything else set here must be .env's own value, passed through (with a default at most).
        for variable in set(environment) - CONTAINER_VALUES:
            assert re.match(rf"^\$\{{{variable}(:[-?].*)?\}}$", environment[variable]), (name, variable)
        assert CONTAINER_VALUES <= set(environment)


def test_backend_waits_for_healthy_data_services():
    """Migrations at start-up and the first requests fail if the data services are not ready."""
    depends_on = _services()["backend"]["depends_on"]
    assert isinstance(depends_on, dict)
    for name in DATA_SERVICES:
        assert depends_on[name]["condition"] == "service_healthy", name


def test_workers_listen_on_every_queue_and_long_jobs_run_apart():
    """Jobs go to the high, default and low queues; a queue no worker listens on never runs, and
    a long job on `low` (a rebuild, a feed import) must not hold up emails or the sync."""
    services = _services()
    worker, worker_low = services["worker"], services["worker-low"]
    assert _command(worker) == ["python", "manage.py", "rqworker", "high", "default", "--with-scheduler"]
    assert _command(worker_low) == ["python", "manage.py", "rqworker", "low"]
    for service in (worker, worker_low):
        assert service["build"] == services["backend"]["build"]
        assert service["depends_on"]["backend"]["condition"] == "service_healthy"
    assert set(settings.RQ_QUEUES) == {"high", "default", "low"}


def test_lint_service_only_runs_on_request():
    """flake8 is a one-off check, not part of `docker compose up`."""
    lint = _services()["lint"]
    assert lint["profiles"] == ["lint"]
    assert _command(lint) == ["flake8"]


def test_elasticsearch_version_matches_local_services():
    """Docker and `scripts/services` must run the same Elasticsearch the code is tested against."""
    script_default = re.search(
        r'^ES_VERSION="\$\{ES_VERSION:-([0-9.]+)\}"', ES_SCRIPT.read_text(), re.MULTILINE
    )
    assert script_default, f"no ES_VERSION default in {ES_SCRIPT}"
    version = script_default.group(1)
    build = _services()["elasticsearch"]["build"]
    assert str(build["args"]["ES_VERSION"]) == version
    dockerfile_default = re.search(r"^ARG ES_VERSION=(\S+)$", ES_DOCKERFILE.read_text(), re.M)
    assert dockerfile_default and dockerfile_default.group(1) == version


def test_elasticsearch_image_ships_every_hunspell_dictionary():
    """Index creation fails if an analyzer's hunspell locale is missing from config/hunspell/."""
    context = REPO_DIR / _services()["elasticsearch"]["build"]["context"]
    assert context.resolve() == ES_DOCKERFILE.parent
    text = ES_DOCKERFILE.read_text()
    official = r"^FROM docker\.elastic\.co/elasticsearch/elasticsearch:\$\{ES_VERSION\}$"
    assert re.search(official, text, re.MULTILINE)
    for package in ("hunspell-cs", "hunspell-sk", "hunspell-en-gb", "hunspell-en-us"):
        assert re.search(rf"\b{package}\b", text), package
    for locale in HUNSPELL_LOCALES:
        target = f"/usr/share/elasticsearch/config/hunspell/{locale}/"
        copy = rf"^COPY (--\S+ )*--from=\S+ (--\S+ )*\S*/{locale}/? {re.escape(target)}$"
        assert re.search(copy, text, re.MULTILINE), locale


def _documented():
    return {
        line.split("=", 1)[0]
        for line in (REPO_DIR / ".env.example").read_text().splitlines()
        if re.match(r"^[A-Z][A-Z0-9_]*=", line)
    }


def test_backend_environment_is_documented_in_env_example():
    """Every variable the container sets must be explained in .env.example."""
    backend_env = set(_environment(_services()["backend"]))
    assert backend_env - _documented() == set()


def test_worker_and_scheduler_start_after_the_backend_prepared_the_stack():
    """The backend's entrypoint migrates; jobs against an unmigrated database would fail."""
    services = _services()
    for name in ("worker", "scheduler"):
        assert services[name]["depends_on"] == {"backend": {"condition": "service_healthy"}}, name


def test_entrypoint_is_executable_and_migrates_only_before_gunicorn():
    """A non-executable entrypoint breaks every container; the worker must not race migrations."""
    assert os.access(ENTRYPOINT, os.X_OK)
    text = ENTRYPOINT.read_text()
    assert "set -euo pipefail" in text
    assert "run_locked migrate --noinput" in text and '"gunicorn"' in text
    assert "ensure_search_index" in text and "load_demo_catalog --if-empty" in text
    assert text.rstrip().endswith('exec "$@"')
