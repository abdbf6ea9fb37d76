"""`manage.py import_catalog FEED... --format heureka|google|csv --language cs`: a shop's feed
into the catalog in one command (products/feeds/services.py does the work)."""
import sys

from django.core.management.base import BaseCommand, CommandError

from common.languages import is_shop_language, shop_languages
from products.feeds.readers import READERS
from products.feeds.safe_xml import FeedFormatError
from products.feeds.services import import_feeds


class Command(BaseCommand):
    help = ("Import products from Heureka XML, Google Merchant RSS or CSV feeds (files, or explicit http(s) "
            "URLs), upserting by SKU. Give one --language for all feeds or one per feed, in order.")

    def add_arguments(self, parser):
        parser.add_argument("feeds", nargs="+", metavar="FILE_OR_URL")
        parser.add_argument("--format", required=True, choices=sorted(READERS))
        parser.add_argument("--language", action="append", required=True,
                            help="the feed's language (repeat: one per feed, in order)")
        parser.add_argument("--dry-run", action="store_true", help="read and check everything, write nothing")
        parser.add_argument("--sync-removals", action="store_true",
                            help="unpublish published products no feed lists (and publish the listed ones)")
        parser.add_argument("--strict", action="store_true", help="exit 1 when any item was skipped")

    def handle(self, *args, feeds, format, language, dry_run, sync_removals, strict, **options):
        languages = language if len(language) > 1 else language * len(feeds)
        if len(languages) != len(feeds):
            raise CommandError(f"Give one --language, or one per feed ({len(feeds)}), not {len(language)}.")
        unknown = [code for code in languages if not is_shop_language(code)]
        if unknown:
            raise CommandError(f"Unknown language {unknown[0]!r}; use one of {', '.join(shop_languages())}.")
        self.terminal = self.stdout.isatty()
        try:
            report = import_feeds(sources=list(zip(feeds, languages)), format=format, dry_run=dry_run,
                                  sync_removals=sync_removals, on_problem=self._problem, on_progress=self._progress)
        except FeedFormatError as error:
            raise CommandError(str(error)) from None
        if self.terminal:
            self.stdout.write("")
        removed = f", unpublished {report.unpublished}" if sync_removals else ""
        self.stdout.write(f"{'Dry run (nothing written): ' if dry_run else ''}created {report.created}, updated "
                          f"{report.updated}, unchanged {report.unchanged}, skipped {report.skipped}{removed}.")
        if strict and report.skipped:
            raise CommandError(f"--strict: {report.skipped} item(s) skipped.", returncode=1)

    def _problem(self, line):
        if self.terminal:
            self.stdout.write("")
        self.stderr.write(f"skipped {line}")

    def _progress(self, report, seconds):
        rate = report.read / max(seconds, 1e-9)
        line = f"{report.read} items read ({rate:.0f}/s): created {report.created}, updated {report.updated}, " \
               f"unchanged {report.unchanged}, skipped {report.skipped}"
        if self.terminal:
            sys.stdout.write("\r" + line)
            sys.stdout.flush()
        else:
            self.stdout.write(line)
