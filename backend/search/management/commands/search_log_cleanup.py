"""`manage.py search_log_cleanup`: deletes query log entries, clicks and their analytics roll-up
(search/analytics_rollup.py) past their retention.

Run daily from cron (README, Operators). `--days` overrides
SEARCH_LOG_RETENTION_DAYS (default 90) for one run.
"""
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from search import analytics_rollup
from search.query_log import delete_expired


class Command(BaseCommand):
    help = "Delete query log entries and clicks older than SEARCH_LOG_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="keep this many days instead")

    def handle(self, *args, days=None, **options):
        entries, clicks = delete_expired(days=days)
        self.stdout.write(f"deleted {entries} search log entries and {clicks} clicks")
        cutoff = timezone.now() - timedelta(days=settings.SEARCH_LOG_RETENTION_DAYS if days is None else days)
        self.stdout.write(f"deleted {analytics_rollup.delete_expired(cutoff)} rolled-up analytics rows")
