"""Probes of the backing services, each bounded by a short timeout.

Used by `GET /api/health/` (operators: every service, its latency and details)
and `GET /api/health/ready/` (orchestrators: ok, degraded or down), so nobody
waits on a probe that hangs. Apps above `common` add details of their own
(the search sync's backlog) with `register_details`, and queues of work owed
(unsent emails, unapplied index changes) with `register_backlog`: one whose
oldest item is older than HEALTH_BACKLOG_MAX_AGE_SECONDS makes the shop
"degraded", named, because a stopped worker or sweep is otherwise silent.
"""
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import redis
from django.conf import settings
from django.db import connection
from elasticsearch import Elasticsearch

logger = logging.getLogger(__name__)

PROBE_TIMEOUT_SECONDS = 1.0
READY_PROBE_TIMEOUT_SECONDS = 0.5
# Services whose failure leaves the shop working (search answers from PostgreSQL,
# queued work runs in-process): "degraded". PostgreSQL down is "down".
DEGRADING = {"elasticsearch", "redis"}

_details: dict[str, list[Callable[[], dict]]] = {}
_backlogs: dict[str, Callable[[], float | None]] = {}


def register_details(service: str, provider: Callable[[], dict]) -> None:
    """`provider()` adds to `service`'s details in /api/health/ (called after its probe)."""
    _details.setdefault(service, []).append(provider)


def register_backlog(name: str, oldest_age_seconds: Callable[[], float | None]) -> None:
    """`oldest_age_seconds()` is the age of the oldest item of work `name` still owes, None when empty."""
    _backlogs[name] = oldest_age_seconds


def stale_backlogs() -> dict[str, float]:
    """{name: age in seconds} of the backlogs whose oldest item is older than the allowed age."""
    limit = settings.HEALTH_BACKLOG_MAX_AGE_SECONDS
    stale = {}
    for name, oldest_age in _backlogs.items():
        try:
            age = oldest_age()
        except Exception as error:  # PostgreSQL down is reported by its own probe
            logger.warning("health backlog %s failed: %s", name, error)
            continue
        if age is not None and age > limit:
            stale[name] = round(age, 1)
    return stale


def _extra_details(service):
    found = {}
    for provider in _details.get(service, []):
        try:
            found.update(provider())
        except Exception as error:  # a broken provider must not break the health check
            logger.warning("health details for %s failed: %s", service, error)
    return found


@dataclass
class ServiceHealth:
    name: str
    status: str  # "up", "down" or "disabled"
    latency_ms: float | None = None
    details: dict = field(default_factory=dict)

    @property
    def is_down(self):
        return self.status == "down"


def _timed(name, probe):
    started = time.perf_counter()
    try:
        details = probe() or {}
    except Exception as error:  # any failure of a probe means "down", with the reason
        return ServiceHealth(name, "down", details={"error": f"{type(error).__name__}: {error}"[:300]})
    latency = round((time.perf_counter() - started) * 1000, 1)
    return ServiceHealth(name, "up", latency, details)


def _probe_postgres():
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        return {"version": cursor.fetchone()[0].split(",")[0]}


def _probe_redis(timeout=PROBE_TIMEOUT_SECONDS):
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        client.ping()
        return {"version": client.info("server")["redis_version"]}
    finally:
        client.close()


def _probe_elasticsearch(timeout=PROBE_TIMEOUT_SECONDS):
    options = dict(settings.ELASTICSEARCH_DSL["default"])
    options.update(request_timeout=timeout, max_retries=0, retry_on_timeout=False)
    client = Elasticsearch(**options)
    try:
        health = client.cluster.health()
        if health["status"] == "red":
            raise RuntimeError("cluster health is red")
        return {"cluster_status": health["status"], "nodes": health["number_of_nodes"]}
    finally:
        client.close()


def check_services(*, timeout: float = PROBE_TIMEOUT_SECONDS, details: bool = True) -> list[ServiceHealth]:
    """The health of PostgreSQL, Redis and Elasticsearch, in that order."""
    results = [_timed("postgres", _probe_postgres)]
    if settings.USING_REDIS_QUEUE:
        results.append(_timed("redis", lambda: _probe_redis(timeout)))
    else:
        results.append(ServiceHealth("redis", "disabled"))
    if settings.USE_ELASTIC:
        results.append(_timed("elasticsearch", lambda: _probe_elasticsearch(timeout)))
    else:
        results.append(ServiceHealth("elasticsearch", "disabled"))
    if details:
        for result in results:
            if result.status != "disabled":
                result.details.update(_extra_details(result.name))
    return results


def readiness() -> dict:
    """{"status": "ok" | "degraded" | "down", "degraded": [...], "down": [...]}: PostgreSQL down is
    down; Elasticsearch or Redis down, or a stale backlog, is degraded (the shop answers)."""
    results = check_services(timeout=READY_PROBE_TIMEOUT_SECONDS, details=False)
    down = [result.name for result in results if result.is_down and result.name not in DEGRADING]
    degraded = [result.name for result in results if result.is_down and result.name in DEGRADING]
    if not down:
        degraded += list(stale_backlogs())
    status = "down" if down else "degraded" if degraded else "ok"
    return {"status": status, "degraded": degraded, "down": down}
