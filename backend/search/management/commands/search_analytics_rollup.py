"""`manage.py search_analytics_rollup [--through YYYY-MM-DD]`: rolls the query log up per day for
the analytics dashboard (search/analytics_rollup.py). Scheduled hourly (config/scheduled.py)."""
from datetime import date

from django.core.management.base import BaseCommand

from search.analytics_rollup import roll_up


class Command(BaseCommand):
    help = "Roll the query log up per day, language and query for the analytics dashboard."

    def add_arguments(self, parser):
        parser.add_argument("--through", type=date.fromisoformat, help="last day to roll up (default yesterday)")

    def handle(self, *args, **options):
        days = roll_up(options["through"])
        self.stdout.write(f"rolled up {days[0]} to {days[1]}" if days else "nothing to roll up")
