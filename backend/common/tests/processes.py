"""Backing services of a test's own, started with the project's scripts/services on ports of
their own, so a test can stop or pause them (SIGSTOP, as a hung process looks) without
disturbing the suite's shared services."""
import glob
import os
import signal
import subprocess
import time
from contextlib import contextmanager, suppress
from pathlib import Path

from django.conf import settings
from elasticsearch_dsl.connections import connections

ROOT = Path(__file__).resolve().parents[3]
SERVICES = ROOT / "scripts" / "services"


def wait_until(predicate, seconds=20):
    """`predicate()`'s first truthy value, polled for up to `seconds`; a test fails on time-out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


def kill_with_work_horse(worker):
    """SIGKILL an RQ worker and its work horse: RQ forks the horse into a session of its own
    (os.setsid), so killing the worker's process group alone leaves the horse working."""
    children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
    for pid in [*map(int, children), worker.pid]:
        with suppress(ProcessLookupError):  # a horse that just finished
            os.kill(pid, signal.SIGKILL)
    worker.wait(timeout=30)


def _services(action, env, *args):
    return subprocess.run([str(SERVICES), action, *args], env={**os.environ, **env}, check=True, timeout=300,
                          capture_output=True, text=True)


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


class OwnRedis:
    """A Redis server on `port` with its files under `state_dir`."""

    def __init__(self, port, state_dir):
        self.port, self.url = port, f"redis://127.0.0.1:{port}/0"
        # ES_HTTP_PORT only names the script's lock file here; no Elasticsearch is started.
        self.env = {"ESHOP_STATE_DIR": str(state_dir), "REDIS_URL": self.url, "ES_HTTP_PORT": str(port + 3000)}
        self.pid_file = Path(state_dir) / "redis" / "redis.pid"

    def start(self):
        _services("up", self.env, "--only", "redis")
        return self

    @property
    def pid(self):
        return int(self.pid_file.read_text().strip())

    def pause(self):
        os.kill(self.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.pid, signal.SIGCONT)

    def stop(self):
        if self.pid_file.exists() and _alive(self.pid):
            self.resume()
        subprocess.run([str(SERVICES), "down", "--only", "redis"], env={**os.environ, **self.env}, timeout=60,
                       capture_output=True)


class OwnElasticsearch:
    """An Elasticsearch cluster of `nodes` nodes, HTTP on http_port, http_port + 1, ..."""

    def __init__(self, http_port, transport_port, nodes=1):
        self.http_port, self.nodes = http_port, nodes
        self.env = {"ES_HTTP_PORT": str(http_port), "ES_TRANSPORT_PORT": str(transport_port)}
        self.hosts = [f"http://127.0.0.1:{http_port + i}" for i in range(nodes)]

    def start(self):
        _services("up", self.env, "--nodes", str(self.nodes), "--only", "elasticsearch")
        return self

    def stop(self):
        _services("down", self.env, "--only", "elasticsearch")

    def node_pid(self, number=1):
        """PID of node-`number`: the server process whose ES_PATH_CONF is that node's config."""
        suffix = f"/nodes/cluster{self.nodes}-port{self.http_port}-node{number}/config"
        for environ in glob.glob("/proc/[0-9]*/environ"):
            try:
                variables = Path(environ).read_bytes().split(b"\0")
            except OSError:
                continue
            if any(v.startswith(b"ES_PATH_CONF=") and v.decode(errors="replace").endswith(suffix)
                   for v in variables):
                return int(environ.split("/")[2])
        raise RuntimeError(f"no running process for node-{number} on {self.http_port}")

    def pause(self, number=1):
        os.kill(self.node_pid(number), signal.SIGSTOP)

    def resume(self, number=1):
        os.kill(self.node_pid(number), signal.SIGCONT)

    def stop_node(self, number):
        """Stops one node the way an operator or a crash-free shutdown would (SIGTERM), and waits."""
        pid = self.node_pid(number)
        os.kill(pid, signal.SIGTERM)
        for _ in range(120):
            if not _alive(pid):
                return
            time.sleep(0.5)
        raise RuntimeError(f"node-{number} did not stop")

    @contextmanager
    def used_by_the_app(self, **options):
        """Points the app's Elasticsearch client at this cluster (retrying on another node)."""
        options = {"request_timeout": 5, "retry_on_timeout": True, "max_retries": 2, **options}
        connections.remove_connection("default")
        connections.create_connection("default", hosts=self.hosts, **options)
        try:
            yield connections.get_connection()
        finally:
            connections.remove_connection("default")
            connections.configure(**settings.ELASTICSEARCH_DSL)
