"""`manage.py search_popularity_rollup`: each product's popularity per language from the query
log's clicks and impressions (search/popularity.py). Scheduled hourly (config/scheduled.py)."""
from django.core.management.base import BaseCommand

from search.popularity import roll_up


class Command(BaseCommand):
    help = "Roll clicks over impressions into each product's popularity per language; changed ones are reindexed."

    def handle(self, *args, **options):
        result = roll_up()
        self.stdout.write(f"{result.products} product popularities, {len(result.changed)} changed")
