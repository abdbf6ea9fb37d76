"""`manage.py search_log_cleanup`: deletes query log entries and clicks past their retention.

Run daily from cron (README, Operators). `--days` overrides
SEARCH_LOG_RETENTION_DAYS (default 90) for one run.
"""
from django.core.management.base import BaseCommand

from search.query_log import delete_expired


class Command(BaseCommand):
    help = "Delete query log entries and clicks older than SEARCH_LOG_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="keep this many days instead")

    def handle(self, *args, days=None, **options):
        entries, clicks = delete_expired(days=days)
        self.stdout.write(f"deleted {entries} search log entries and {clicks} clicks")
