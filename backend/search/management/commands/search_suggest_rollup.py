"""`manage.py search_suggest_rollup`: refreshes the query completions suggest offers.

Scheduled every 10 minutes (config/scheduled.py; README, Operators): popular
searches enough distinct shoppers made, and the catalog's own phrases
(search/suggest_rollup.py).
"""
from django.core.management.base import BaseCommand

from search.suggest_rollup import rollup


class Command(BaseCommand):
    help = "Refresh suggest's query completions from the query log and the catalog."

    def handle(self, *args, **options):
        for language, counts in rollup().items():
            self.stdout.write(f"{language}: {counts['searches']} popular searches, {counts['catalog']} catalog phrases")
