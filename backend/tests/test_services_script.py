"""scripts/services can be run again and again: `make test` then `make bench` both call `up`."""
import fcntl
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "scripts" / "services"
LOCK_PORT = 9299  # names the lock file only; no Elasticsearch is started here


@pytest.fixture
def own_redis(tmp_path, closed_port):
    """Environment for a throwaway Redis (on a port nothing listens on yet) with its own
    state dir and lock file."""
    env = {
        **os.environ,
        "ESHOP_STATE_DIR": str(tmp_path),
        "REDIS_URL": f"redis://127.0.0.1:{closed_port}/0",
        "ES_HTTP_PORT": str(LOCK_PORT),
    }
    yield env
    subprocess.run([SERVICES, "down", "--only", "redis"], env=env, timeout=60, capture_output=True)


def _services_up(env):
    return subprocess.run(
        [SERVICES, "up", "--only", "redis"], env=env, timeout=120, capture_output=True, text=True, check=True,
    )


def test_started_daemons_do_not_hold_the_lock(own_redis, tmp_path):
    """A daemon inheriting the lock's file descriptor would make the next `up` wait, then fail."""
    first = _services_up(own_redis)
    assert "starting Redis" in first.stderr

    with open(tmp_path / f"services-{LOCK_PORT}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises BlockingIOError when held
        fcntl.flock(lock, fcntl.LOCK_UN)

    second = _services_up(own_redis)
    assert "already listening" in second.stderr


def test_environment_wins_over_dotenv(tmp_path):
    """Like django-environ: .env fills gaps, the environment is never overridden."""
    (tmp_path / ".env").write_text(
        "# comment\nFROM_ENV=file\nONLY_IN_FILE=\"quoted value\"\nexport EXPORTED='single'\n"
    )
    script = f'ROOT={tmp_path}; source {ROOT}/scripts/lib/common.sh; echo "$FROM_ENV|$ONLY_IN_FILE|$EXPORTED"'
    out = subprocess.run(
        ["bash", "-c", script], env={**os.environ, "FROM_ENV": "environment", "ESHOP_STATE_DIR": str(tmp_path)},
        capture_output=True, text=True, check=True, timeout=30,
    )
    assert out.stdout.strip() == "environment|quoted value|single"
