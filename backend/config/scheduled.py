"""The operators' periodic jobs, in one list read by the RQ cron scheduler (config/cron.py).

Each job runs a management command in the RQ worker, the same command the
README's crontab runs on a plain host, so both setups do exactly the same.
"""
from dataclasses import dataclass

from django.core.management import call_command


@dataclass(frozen=True)
class ScheduledCommand:
    name: str
    command: tuple
    queue: str
    timeout: int
    interval: int | None = None  # seconds, or
    cron: str | None = None  # a crontab expression (container's local time)


SCHEDULE = (
    # The safety net next to the worker's sync jobs: changes whose job was lost or is due for a retry.
    ScheduledCommand("search-sync-sweep", ("search_sync", "--apply"), "default", timeout=600, interval=60),
    # Emails that never reached a queue, or whose job was lost.
    ScheduledCommand("send-pending-emails", ("send_pending_emails",), "high", timeout=600, cron="*/5 * * * *"),
    # The catalog's words the lemma dictionary lacks, grouped again before the rebuild uses them.
    ScheduledCommand("catalog-words", ("catalog_words", "--save"), "low", timeout=3600, cron="30 1 * * *"),
    # Zero-downtime rebuild: new index, alias swap; an advisory lock keeps two from overlapping.
    ScheduledCommand("nightly-index-rebuild", ("search_index", "--rebuild", "-f"), "low", timeout=4 * 3600,
                     cron="0 2 * * *"),
    # Suggest's query completions: popular searches (enough distinct shoppers) and catalog phrases.
    ScheduledCommand("search-suggest-rollup", ("search_suggest_rollup",), "low", timeout=600, interval=600),
    # The analytics dashboard's daily roll-up of the query log (yesterday and before; late clicks redone).
    ScheduledCommand("search-analytics-rollup", ("search_analytics_rollup",), "low", timeout=600, cron="5 * * * *"),
    # Shoppers' clicks over impressions into each product's popularity (search/popularity.py).
    ScheduledCommand("search-popularity-rollup", ("search_popularity_rollup",), "low", timeout=1800,
                     cron="35 * * * *"),
    # Query log retention (SEARCH_LOG_RETENTION_DAYS): no search is kept longer than that.
    ScheduledCommand("search-log-cleanup", ("search_log_cleanup",), "low", timeout=3600, cron="30 3 * * *"),
)


class CommandFailed(Exception):
    pass


def run_command(*command):
    """Runs a management command as an RQ job; a non-zero exit fails the job (visible in /admin/rq/)."""
    try:
        call_command(*command)
    except SystemExit as exit_:
        if exit_.code not in (None, 0):
            raise CommandFailed(f"{' '.join(command)} exited with {exit_.code}") from None
