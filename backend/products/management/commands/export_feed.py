"""`manage.py export_feed --format heureka|google --language cs [--output FILE]`: the published
catalog as a feed (products/feeds/export.py), streamed to a file or stdout."""
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from common.languages import is_shop_language, shop_languages
from products.feeds.export import feed_chunks


class Command(BaseCommand):
    help = "Write the published products as a Heureka XML or Google Merchant RSS feed."

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=["google", "heureka"])
        parser.add_argument("--language", required=True)
        parser.add_argument("--output", help="a file (written whole, then moved into place); default stdout")

    def handle(self, *args, format, language, output, **options):
        if not is_shop_language(language):
            raise CommandError(f"Unknown language {language!r}; use one of {', '.join(shop_languages())}.")
        if not output:
            for chunk in feed_chunks(format=format, language=language):
                sys.stdout.buffer.write(chunk)
            sys.stdout.flush()
            return
        partial = f"{output}.partial"
        try:
            with open(partial, "wb") as file:
                for chunk in feed_chunks(format=format, language=language):
                    file.write(chunk)
            os.replace(partial, output)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stderr.write(f"Wrote {output}.")
