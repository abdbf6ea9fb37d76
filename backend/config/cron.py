"""RQ cron configuration: `manage.py rqcron config.cron` (the compose `scheduler` service).

Registers every job of config.scheduled.SCHEDULE; the scheduler only enqueues
them, the RQ worker runs them. Run one scheduler per deployment.
"""
from rq import cron

from config.scheduled import SCHEDULE, run_command

for job in SCHEDULE:
    cron.register(
        run_command, job.queue, args=job.command, interval=job.interval, cron=job.cron,
        job_timeout=job.timeout, name=job.name,
    )
