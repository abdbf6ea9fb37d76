"""The benchmark's own database, index prefix and Redis database, and process helpers.

Benchmarks never touch dev data: they use the `eshop_bench` database, the
`bench_` index prefix and Redis database 11 (BENCH_REDIS_URL) on the same local services.
BENCH_NAME (default `bench`) names the database (`eshop_<name>`) and the prefix, so two
checkouts can benchmark side by side on one machine.
"""
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg2

ROOT = Path(__file__).resolve().parents[2]
BACKEND = ROOT / "backend"
BIN = ROOT / ".venv" / "bin"
NAME = os.environ.get("BENCH_NAME", "bench")
DATABASE = f"eshop_{NAME}"


def _bench_database_url():
    base = urlparse(os.environ.get("DATABASE_URL", "postgres://eshop:eshop@127.0.0.1:5432/eshop"))
    return urlunparse(base._replace(path=f"/{DATABASE}"))


BENCH_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    "DEBUG": "0",  # DEBUG keeps every SQL query in memory: it would skew time and memory
    "DATABASE_URL": _bench_database_url(),
    "ELASTICSEARCH_INDEX_PREFIX": NAME,
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11"),
    "LOG_LEVEL": "WARNING",
    "SEARCH_THROTTLE_RATE": "1000000/second",
    "SUBSCRIPTION_THROTTLE_RATE": "1000000/second",
}


def bench_env(**extra):
    env = dict(os.environ)
    env.update(BENCH_ENV)
    env.update({key: str(value) for key, value in extra.items()})
    return env


def ensure_database():
    url = urlparse(BENCH_ENV["DATABASE_URL"])
    connection = psycopg2.connect(
        host=url.hostname, port=url.port, user=url.username, password=url.password, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{DATABASE}"')
    connection.close()


def run(args, **extra_env):
    """Runs a command; returns (stdout, wall seconds, peak RSS in MB of the process)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        args, cwd=BACKEND, env=bench_env(**extra_env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed ({process.returncode}):\n{output[-3000:]}")
    return output, seconds, usage.ru_maxrss / 1024


def manage(*args, **extra_env):
    return run([str(BIN / "python"), "manage.py", *args], **extra_env)


def setup_django():
    """Configures Django in this process with the benchmark's settings."""
    os.environ.update(BENCH_ENV)
    sys.path.insert(0, str(BACKEND))
    import django

    django.setup()


def worktree(ref):
    """A checkout of `ref` (re-made each run) under bench/results/tmp/, to serve an earlier
    commit's backend next to the working tree's: a before/after under the same machine load."""
    path = ROOT / "bench" / "results" / "tmp" / f"compare-{NAME}"
    subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=ROOT, capture_output=True)
    subprocess.run(["git", "worktree", "add", "--detach", "--force", str(path), ref], cwd=ROOT, check=True,
                   capture_output=True)
    return path


def say(message):
    print(f"[bench] {message}", flush=True)


def elasticsearch_pid(port):
    """PID of the first node scripts/services started for HTTP `port` (found by its config dir)."""
    suffix = f"-port{port}-node1/config"
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            variables = environ.read_bytes().split(b"\0")
        except OSError:
            continue
        if any(v.startswith(b"ES_PATH_CONF=") and v.decode(errors="replace").endswith(suffix) for v in variables):
            return int(environ.parent.name)
    raise RuntimeError(f"no Elasticsearch node of scripts/services on port {port}")
