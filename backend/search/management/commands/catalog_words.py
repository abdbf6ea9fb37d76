"""`manage.py catalog_words`: how many of the catalog's words the lemma dictionary lacks,
per language, and how they group (search/catalog_vocabulary.py); `--save` stores the groups
(CatalogWord rows, shown in the admin) and queues the products using them for reindexing."""
import time

from django.core.management.base import BaseCommand

from common.languages import shop_languages
from search.catalog_vocabulary import catalog_words


class Command(BaseCommand):
    help = "Report the catalog's words the lemma dictionary lacks; --save groups their forms for search."

    def add_arguments(self, parser):
        parser.add_argument("--save", action="store_true",
                            help="store the groups and queue a reindex of their products")
        parser.add_argument("languages", nargs="*", help="languages (default: SHOP_LANGUAGES)")

    def handle(self, *args, languages, save, **options):
        languages = languages or shop_languages()
        started = time.monotonic()
        self.stdout.write(f"reading the published catalog's texts ({', '.join(languages)}) ...")
        reports = catalog_words(languages, save=save, progress=self._progress)
        for report in reports:
            share = 100 * report.unknown / report.words if report.words else 0.0
            self.stdout.write(
                f"{report.language}: {report.words} words, {report.unknown} without a lemma ({share:.1f} %): "
                f"{report.to_dictionary} grouped under a dictionary word, {report.among_catalog} with each other, "
                f"{report.alone} alone")
            for example in report.examples:
                self.stdout.write(f"    {example}")
        done = "saved; their products are queued for reindexing" if save else "not saved (--save stores them)"
        self.stdout.write(f"{done} ({time.monotonic() - started:.1f}s)")

    def _progress(self, line):
        self.stdout.write(line)
        self.stdout.flush()
