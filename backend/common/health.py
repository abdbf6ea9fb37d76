"""Probes of the backing services, each bounded by a short timeout.

Used by `GET /api/health/` so load balancers and operators can see which
service is down without the probe itself hanging.
"""
import time
from dataclasses import dataclass, field

import redis
from django.conf import settings
from django.db import connection
from elasticsearch import Elasticsearch

PROBE_TIMEOUT_SECONDS = 2.0


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


def _probe_redis():
    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=PROBE_TIMEOUT_SECONDS,
        socket_timeout=PROBE_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
        return {"version": client.info("server")["redis_version"]}
    finally:
        client.close()


def _probe_elasticsearch():
    options = dict(settings.ELASTICSEARCH_DSL["default"])
    options.update(request_timeout=PROBE_TIMEOUT_SECONDS, max_retries=0)
    client = Elasticsearch(**options)
    try:
        health = client.cluster.health()
        if health["status"] == "red":
            raise RuntimeError("cluster health is red")
        return {"cluster_status": health["status"], "nodes": health["number_of_nodes"]}
    finally:
        client.close()


def check_services():
    """Returns the health of PostgreSQL, Redis and Elasticsearch, in that order."""
    results = [_timed("postgres", _probe_postgres)]
    if settings.USING_REDIS_QUEUE:
        results.append(_timed("redis", _probe_redis))
    else:
        results.append(ServiceHealth("redis", "disabled"))
    if settings.USE_ELASTIC:
        results.append(_timed("elasticsearch", _probe_elasticsearch))
    else:
        results.append(ServiceHealth("elasticsearch", "disabled"))
    return results
