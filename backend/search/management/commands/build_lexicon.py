"""`manage.py build_lexicon`: compile the word-form -> lemma dictionaries ahead of time.

Search builds a missing one on first use, which stalls that first search or
indexing run for seconds; `make run`, `make test` and the Docker image run this
instead, at set-up.
"""
import time

from django.core.management.base import BaseCommand, CommandError

from common.languages import shop_languages
from search import lexicon


class Command(BaseCommand):
    help = "Compile simplemma's dictionaries for the shop's languages into SEARCH_LEXICON_DIR."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="rebuild files that exist already")
        parser.add_argument("languages", nargs="*", help="languages (default: SHOP_LANGUAGES)")

    def handle(self, *args, languages, force, **options):
        languages = languages or shop_languages()
        unknown = [language for language in languages if not lexicon.supports(language)]
        for language in unknown:
            self.stdout.write(f"{language}: simplemma has no dictionary; its words are searched as typed.")
        for language in (language for language in languages if language not in unknown):
            path = lexicon.lexicon_path(language)
            if path.exists() and not force:
                self.stdout.write(f"{language}: {path} is up to date")
                continue
            self.stdout.write(f"{language}: building {path} ...")
            self.stdout.flush()
            started = time.monotonic()
            try:
                lexicon.build(language, path)
            except OSError as error:
                raise CommandError(f"could not write {path}: {error}") from error
            self.stdout.write(f"{language}: done in {time.monotonic() - started:.1f}s")
