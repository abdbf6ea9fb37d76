"""`manage.py ensure_search_index`: the container's first-start step for search.

When the product alias is missing (first start, a fresh Elasticsearch volume)
it builds the index from the catalog; otherwise it does nothing. Replicas
starting at once queue on a PostgreSQL advisory lock, so exactly one builds
the index and the others find it there.
"""
from django.core.management.base import BaseCommand, CommandError

from search.indexing import indices
from search.indexing.rebuild import RebuildAlreadyRunning, rebuild_product_index


class Command(BaseCommand):
    help = "Build the product index from the catalog if its alias is missing; otherwise do nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--wait", type=float, default=600.0,
            help="seconds to wait for another process creating the index (default %(default)s)",
        )

    def handle(self, *args, wait, **options):
        with indices.creation_lock(wait_seconds=wait) as taken:
            if not taken:
                raise CommandError(f"another process is still creating the index after {wait:.0f}s")
            existing = indices.indices_behind_alias()
            if existing:
                self.stdout.write(f"Search index {indices.alias()} exists ({', '.join(existing)}): nothing done.")
                return
            try:
                result = rebuild_product_index()
            except RebuildAlreadyRunning:
                self.stdout.write("A rebuild is running: it creates the index.")
                return
        self.stdout.write(f"Created search index {result.index} with {result.documents} products.")
