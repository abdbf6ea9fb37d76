"""The soak's own services and app processes, on ports of their own (BENCH_PORT_OFFSET), so
its faults (restarts, pauses, kills) never touch the services other checkouts share.

PostgreSQL is a second Debian cluster (PG_CLUSTER_NAME), Redis and a two-node Elasticsearch
cluster are scripts/services runs with other ports and state; gunicorn, the RQ worker and
the scheduler run as the image and `make run` run them. Each app process leads its own
process group, so stopping it stops its children too.
"""
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
BACKEND = ROOT / "backend"
BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(BACKEND))

from common.tests.processes import OwnElasticsearch, OwnRedis  # noqa: E402

OFFSET = int(os.environ.get("BENCH_PORT_OFFSET", "0"))
NAME = f"{os.environ.get('BENCH_NAME', 'bench')}_soak"
# Far from the shared services' and the benchmarks' ports (offsets are steps of 20).
PG_PORT, REDIS_PORT, API_PORT = 15400 + OFFSET, 16300 + OFFSET, 18000 + OFFSET
ES_HTTP_PORT, ES_TRANSPORT_PORT = 19200 + OFFSET, 19300 + OFFSET
STATE = ROOT / "bench" / "results" / "tmp" / f"soak-{NAME}"  # git-ignored: Redis files, emails, logs
PG_CLUSTER = f"soak{PG_PORT}"
EMAIL_DIR = STATE / "emails"
DATABASE_URL = f"postgres://eshop:eshop@127.0.0.1:{PG_PORT}/eshop_{NAME}"
ENV = {
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
    "ELASTICSEARCH_HOSTS": f"http://127.0.0.1:{ES_HTTP_PORT},http://127.0.0.1:{ES_HTTP_PORT + 1}",
    "ELASTICSEARCH_INDEX_PREFIX": NAME,
    "ELASTICSEARCH_REPLICAS": "1",  # one node may stop: each shard has a copy on the other
    "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    "EMAIL_FILE_PATH": str(EMAIL_DIR),
    "DEBUG": "0",
    "LOG_LEVEL": "WARNING",
    "SEARCH_THROTTLE_RATE": "1000000/second",
    "SUBSCRIPTION_THROTTLE_RATE": "1000000/second",
    "LOGIN_THROTTLE_RATE_PER_USERNAME": "1000/minute", "LOGIN_THROTTLE_RATE_PER_ADDRESS": "1000/minute",
    "PUBLIC_THROTTLE_RATE": "1000000/second",
    "SECRET_KEY": "soak-" + "k3y-for-a-throwaway-stack-only-0123456789abcdefghij",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0", "SECURE_HSTS_SECONDS": "0",
    "SUPERVISE_DELAY": "5",  # a killed worker comes back after a pause
}


def app_env(settings_module="config.settings.production"):
    return {**os.environ, **ENV, "DJANGO_SETTINGS_MODULE": settings_module}


def say(message):
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Services:
    """PostgreSQL, Redis and two Elasticsearch nodes of the soak's own."""

    def __init__(self):
        self.redis = OwnRedis(REDIS_PORT, STATE)
        self.elasticsearch = OwnElasticsearch(ES_HTTP_PORT, ES_TRANSPORT_PORT, nodes=2)
        self.pg_env = {"DATABASE_URL": DATABASE_URL, "PG_CLUSTER_NAME": PG_CLUSTER,
                       "ES_HTTP_PORT": str(PG_PORT + 4000)}  # names the script's lock file only
        self.paused = set()
        self.node_lock = threading.Lock()  # one node down (and back) at a time

    @staticmethod
    def _services(*args, env, timeout=600):
        """scripts/services in a process group of its own: on time-out the whole group goes."""
        process = subprocess.Popen([str(ROOT / "scripts" / "services"), *args], env={**os.environ, **env},
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise RuntimeError(f"scripts/services {' '.join(args)} timed out after {timeout} s")
        if process.returncode:
            raise RuntimeError(f"scripts/services {' '.join(args)} failed: {output.decode(errors='replace')[-500:]}")

    def start(self):
        STATE.mkdir(parents=True, exist_ok=True)
        self._services("up", "--only", "postgres", env=self.pg_env)
        self.redis.start()
        self.elasticsearch.start()

    def stop(self):
        self.resume_elasticsearch(self.paused)  # a run cut short while the nodes were stopped
        for stop in (self.elasticsearch.stop, self.redis.stop, self._stop_postgres):
            try:
                stop()
            except Exception as error:  # stop the rest anyway
                say(f"stopping: {error}")

    def _stop_postgres(self):
        subprocess.run(["pg_ctlcluster", self._pg_version(), PG_CLUSTER, "stop", "-m", "fast"],
                       capture_output=True, timeout=120)

    @staticmethod
    def _pg_version():
        rows = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout.splitlines()
        return next(row.split()[0] for row in rows if row.split()[1] == PG_CLUSTER)

    # --- faults ---------------------------------------------------------------
    def restart_postgres(self):
        subprocess.run(["pg_ctlcluster", self._pg_version(), PG_CLUSTER, "restart", "-m", "fast"], check=True,
                       capture_output=True, timeout=120)

    def restart_redis(self):
        subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "shutdown"], capture_output=True, timeout=30)
        self.redis.start()

    def pause_elasticsearch(self):
        """SIGSTOP of every running node (one may be stopped by another fault); their pids."""
        paused = []
        for node in (1, 2):
            try:
                paused.append(self.elasticsearch.node_pid(node))
            except RuntimeError:
                continue
            os.kill(paused[-1], signal.SIGSTOP)
            self.paused.add(paused[-1])
        return paused

    def resume_elasticsearch(self, paused):
        for pid in list(paused):
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
            self.paused.discard(pid)

    def stop_node(self):
        """Stops the node that is not the elected master (as search/tests/test_failover.py): with two
        master-eligible nodes only one votes, and losing it would take the whole cluster down."""
        deadline = time.monotonic() + 180  # not while the other node is still starting
        while not self._two_nodes() and time.monotonic() < deadline:
            time.sleep(2)
        with urllib.request.urlopen(f"http://127.0.0.1:{ES_HTTP_PORT}/_cat/master?format=json", timeout=30) as reply:
            master = json.load(reply)[0]["node"]
        victim = 1 if master == "node-2" else 2
        self.elasticsearch.stop_node(victim)
        return victim

    @staticmethod
    def _two_nodes():
        for port in (ES_HTTP_PORT, ES_HTTP_PORT + 1):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_cluster/health", timeout=10) as reply:
                    return json.load(reply)["number_of_nodes"] == 2
            except (OSError, ValueError):
                continue
        return False

    def start_node(self):
        self._services("up", "--nodes", "2", "--only", "elasticsearch",
                       env={**self.elasticsearch.env, "WAIT_SECONDS": "300"})


class Process:
    """A command in a process group of its own, its output in a log file."""

    def __init__(self, name, args, env, log_dir):
        self.name = name
        self.log = open(log_dir / f"{name}.log", "ab")
        self.process = subprocess.Popen(args, cwd=BACKEND, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)

    def children(self):
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def kill_child(self):
        """kill -9 of one child (a gunicorn worker, the supervised RQ worker); its pid."""
        children = self.children()
        if not children:
            raise RuntimeError(f"{self.name} has no child to kill")
        os.kill(children[0], signal.SIGKILL)
        return children[0]

    def stop(self, seconds=30):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=seconds)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
            except ProcessLookupError:
                pass
        self.log.close()


def manage(*args, settings_module="config.settings.dev", **extra_env):
    done = subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=BACKEND,
                          env={**app_env(settings_module), **extra_env},
                          timeout=1800, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{(done.stdout + done.stderr)[-3000:]}")


class App:
    """gunicorn (3 sync workers, production settings, as the image), the RQ worker and the
    scheduler, each under scripts/supervise as `make run` runs them."""

    WORKERS = 3

    def __init__(self, log_dir):
        self.log_dir = log_dir
        self.url = f"http://127.0.0.1:{API_PORT}"
        self.processes = {}

    def start(self):
        env = app_env()
        supervise = str(ROOT / "scripts" / "supervise")
        self.processes["gunicorn"] = Process(
            "gunicorn", [str(BIN / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{API_PORT}",
                         "--workers", str(self.WORKERS), "--log-level", "warning"], env, self.log_dir)
        self.processes["worker"] = Process(
            "worker", [supervise, "worker", str(BIN / "python"), "manage.py", "rqworker", "high", "default", "low",
                       "--with-scheduler"], env, self.log_dir)
        self.processes["scheduler"] = Process(
            "scheduler", [supervise, "scheduler", str(BIN / "python"), "manage.py", "rqcron", "config.cron"], env,
            self.log_dir)
        self.wait_healthy()

    def wait_healthy(self, seconds=120):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/api/health/", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError("gunicorn did not become healthy")

    def kill_gunicorn_worker(self):
        return self.processes["gunicorn"].kill_child()

    def kill_rq_worker(self):
        return self.processes["worker"].kill_child()

    def stop(self):
        for process in self.processes.values():
            process.stop()
