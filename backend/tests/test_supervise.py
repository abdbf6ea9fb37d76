"""scripts/supervise keeps `make run`'s RQ worker alive: through a Redis restart and a kill -9,
the real worker (on a Redis of the test's own) goes on running the jobs queued after."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from rq import Queue

from common.tests.processes import OwnRedis, wait_until

BACKEND = Path(__file__).resolve().parents[1]
SUPERVISE = BACKEND.parent / "scripts" / "supervise"
PORT = 6391


def _runs_a_job(connection):
    job = Queue("default", connection=connection).enqueue("os.getpid")
    return wait_until(lambda: job.refresh() or job.get_status() == "finished", seconds=30)


def _worker_pid(supervisor):
    children = Path(f"/proc/{supervisor.pid}/task/{supervisor.pid}/children").read_text().split()
    return int(children[0]) if children else None


@pytest.fixture
def own_redis(tmp_path):
    server = OwnRedis(PORT, tmp_path).start()
    yield server
    server.stop()


def test_the_supervised_worker_survives_a_redis_restart_and_a_kill(own_redis, tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "REDIS_URL": own_redis.url,
           "TEST_REDIS_URL": own_redis.url, "SUPERVISE_DELAY": "1"}
    supervisor = subprocess.Popen([str(SUPERVISE), "worker", sys.executable, "manage.py", "rqworker", "default"],
                                  cwd=BACKEND, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    connection = redis.Redis.from_url(own_redis.url)
    try:
        assert _runs_a_job(connection)

        own_redis.stop()  # a Redis restart, as an operator does it
        time.sleep(3)
        own_redis.start()
        assert _runs_a_job(connection)

        first = _worker_pid(supervisor)
        os.kill(first, signal.SIGKILL)
        wait_until(lambda: (pid := _worker_pid(supervisor)) and pid != first, seconds=30)
        assert _runs_a_job(connection)
    finally:
        supervisor.terminate()
        _, errors = supervisor.communicate(timeout=30)
    assert supervisor.returncode == 0
    assert "worker exited (137)" in errors
