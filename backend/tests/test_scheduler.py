"""The scheduler service (`manage.py rqcron config.cron`) and the jobs it schedules.

The scheduler runs as the compose `scheduler` service runs it, against the test
Redis database; the jobs it enqueues are then worked by an RQ worker.
"""
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from rq.cron import CronScheduler

from common.tests.processes import wait_until
from config.scheduled import SCHEDULE, CommandFailed, run_command
from emails.delivery import record
from emails.models import OutboundEmail
from search.indexing.rebuild import LOCK_KEY

BACKEND_DIR = Path(__file__).resolve().parents[1]
README = BACKEND_DIR.parent / "README.md"


@pytest.fixture
def scheduler(test_redis):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    process = subprocess.Popen([sys.executable, "manage.py", "rqcron", "config.cron"], cwd=BACKEND_DIR, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    yield process
    if process.poll() is None:
        process.kill()
    process.communicate(timeout=10)


def _ours(connection, pid):
    return [s for s in CronScheduler.all(connection) if s.pid == pid]


def test_the_scheduler_registers_every_job_and_enqueues_the_sync_sweep_at_once(scheduler, test_redis):
    """Started, it announces the five jobs; the every-minute sweep is queued immediately."""
    import django_rq

    registered = wait_until(lambda: _ours(test_redis, scheduler.pid))[0]
    schedules = {job.name: (job.queue_name, job.interval, job.cron) for job in registered.get_jobs()}
    assert schedules == {
        "search-sync-sweep": ("default", 60, None),
        "send-pending-emails": ("high", None, "*/5 * * * *"),
        "catalog-words": ("low", None, "30 1 * * *"),
        "nightly-index-rebuild": ("low", None, "0 2 * * *"),
        "search-log-cleanup": ("low", None, "30 3 * * *"),
        "search-suggest-rollup": ("low", 600, None),
        "search-analytics-rollup": ("low", None, "5 * * * *"),
        "search-popularity-rollup": ("low", None, "35 * * * *"),
    }
    queue = django_rq.get_queue("default")
    job = wait_until(lambda: queue.jobs)[0]
    assert job.func_name == "config.scheduled.run_command"
    assert job.args == ("search_sync", "--apply")
    assert django_rq.get_queue("high").count == 0  # cron jobs wait for their time
    scheduler.send_signal(signal.SIGTERM)
    assert scheduler.wait(timeout=15) == 0
    assert _ours(test_redis, scheduler.pid) == []


@pytest.mark.django_db(transaction=True)
def test_the_enqueued_sweep_runs_in_the_worker(scheduler, test_redis, product_index):
    """What the scheduler queues, a worker runs to completion (against the real index)."""
    import django_rq

    queue = django_rq.get_queue("default")
    job = wait_until(lambda: queue.jobs)[0]
    scheduler.kill()
    call_command("rqworker", "default", burst=True, worker_class="rq.worker.SimpleWorker")
    job.refresh()
    assert job.get_status() == "finished"


@pytest.mark.django_db(transaction=True)
def test_a_command_exiting_non_zero_fails_its_job(product_index):
    """The rebuild exits 3 while another process holds its lock: the job must fail, not pass silently."""
    db = settings.DATABASES["default"]
    other = psycopg2.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"],
                             dbname=db["NAME"])
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        with pytest.raises(CommandFailed, match="exited with 3"):
            run_command("search_index", "--rebuild", "-f")
    finally:
        other.close()


@pytest.mark.django_db
def test_a_command_that_succeeds_passes_and_does_its_work(settings):
    """The job returns normally, and the command really ran: the waiting email went out."""
    settings.USING_REDIS_QUEUE = False
    message = {"subject": "never queued", "text": "body", "html": "", "from_email": "shop@localhost",
               "recipients": ["jana@example.cz"]}
    outbound = record(kind="test", message=message)
    assert run_command("send_pending_emails") is None
    outbound.refresh_from_db()
    assert outbound.status == OutboundEmail.Status.SENT
    assert [(sent.subject, sent.to) for sent in mail.outbox] == [("never queued", ["jana@example.cz"])]


def test_the_readme_crontab_runs_the_same_jobs():
    """A plain host's crontab and the compose scheduler must do the same thing."""
    crontab = re.findall(r"^([^#\s`][^\n]*?)\s+cd /srv/eshop/backend && \.\./\.venv/bin/python manage\.py "
                         r"([^>\n]+?)\s*(?:>|$)", README.read_text(), re.MULTILINE)
    documented = {command.strip(): when.strip() for when, command in crontab}
    expected = {
        " ".join(job.command): job.cron or f"*/{job.interval // 60} * * * *".replace("*/1 ", "* ")
        for job in SCHEDULE
    }
    assert documented == expected
