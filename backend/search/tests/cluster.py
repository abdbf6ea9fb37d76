"""A dedicated two-node Elasticsearch cluster (HTTP 9250/9251) for failover tests,
started and stopped with the project's own scripts/services."""
import glob
import os
import signal
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from elasticsearch_dsl.connections import connections

ROOT = Path(__file__).resolve().parents[3]
HTTP_PORT, TRANSPORT_PORT = 9250, 9350
HOSTS = [f"http://127.0.0.1:{HTTP_PORT}", f"http://127.0.0.1:{HTTP_PORT + 1}"]


def services(action):
    env = {**os.environ, "ES_HTTP_PORT": str(HTTP_PORT), "ES_TRANSPORT_PORT": str(TRANSPORT_PORT)}
    subprocess.run(
        [str(ROOT / "scripts" / "services"), action, "--nodes", "2", "--only", "elasticsearch"],
        env=env, check=True, timeout=300, capture_output=True,
    )


def node_pid(name):
    """PID of node-1 or node-2: the server process whose ES_PATH_CONF is that node's config."""
    suffix = f"/nodes/cluster2-port{HTTP_PORT}-node{name.rsplit('-', 1)[1]}/config"
    for environ in glob.glob("/proc/[0-9]*/environ"):
        try:
            variables = Path(environ).read_bytes().split(b"\0")
        except OSError:
            continue
        if any(v.startswith(b"ES_PATH_CONF=") and v.decode(errors="replace").endswith(suffix) for v in variables):
            return int(environ.split("/")[2])
    raise RuntimeError(f"no running process for {name}")


def stop_node(name):
    """Stops one node the way an operator or a crash-free shutdown would (SIGTERM), and waits."""
    pid = node_pid(name)
    os.kill(pid, signal.SIGTERM)
    for _ in range(120):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.5)
    raise RuntimeError(f"{name} did not stop")


@contextmanager
def app_uses_cluster():
    """Points the app's Elasticsearch client at both nodes (retrying on the other one)."""
    connections.remove_connection("default")
    connections.create_connection(
        "default", hosts=HOSTS, request_timeout=5, retry_on_timeout=True, max_retries=2,
    )
    try:
        yield connections.get_connection()
    finally:
        connections.remove_connection("default")
        connections.configure(**settings.ELASTICSEARCH_DSL)
