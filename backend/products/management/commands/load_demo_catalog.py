"""`manage.py load_demo_catalog`: a multilingual demo catalog for runs and benchmarks."""
from django.core.management.base import BaseCommand, CommandError

from products.demo.catalog import catalog_only_count, load_demo_catalog, reset_catalog
from products.models import Product


class Command(BaseCommand):
    help = ("Create N demo products (cs/sk/en) reproducibly from a seed, and N/50 more of words the lemma "
            "dictionary lacks. Then run search_index --rebuild.")

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=1000, help="how many products (default 1000)")
        parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
        parser.add_argument("--reset", action="store_true", help="delete the whole catalog first")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if products exist")

    def handle(self, *args, products, seed, reset, if_empty, **options):
        if products < 0:
            raise CommandError("--products must be >= 0")
        existing = Product.objects.count()
        if existing and if_empty:
            self.stdout.write(f"Catalog has {existing} products already: nothing loaded.")
            return
        if existing and not reset:
            raise CommandError(f"Catalog has {existing} products; pass --reset to replace it.")
        if reset:
            reset_catalog()
        seconds = load_demo_catalog(products, seed=seed, progress=self._progress)
        self.stdout.write(f"Loaded {products} demo products and {catalog_only_count(products)} more of words the "
                          f"lemma dictionary lacks in {seconds:.1f}s (seed {seed}).")

    def _progress(self, done, total, seconds):
        self.stdout.write(f"  created {done}/{total} products ({done / max(seconds, 1e-9):.0f}/s)")
        self.stdout.flush()
