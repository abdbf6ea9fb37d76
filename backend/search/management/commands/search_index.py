"""`manage.py search_index`: django-elasticsearch-dsl's command, alias-safe.

`--rebuild` runs our zero-downtime rebuild (new index, atomic alias swap,
lock against overlapping cron runs, progress, exit code 1 on failure, 3 when
another rebuild holds the lock). Every other action is the library's own.
"""
import sys
from contextlib import suppress

from django_elasticsearch_dsl.management.commands.search_index import Command as LibraryCommand

from search.indexing.alerts import notify_reindex_failed
from search.indexing.rebuild import RebuildAlreadyRunning, rebuild_product_index

EXIT_FAILED = 1
EXIT_LOCKED = 3


class Command(LibraryCommand):
    help = LibraryCommand.help + " --rebuild swaps a freshly built index in behind the alias."

    def handle(self, *args, **options):
        if options.get("action") != "rebuild":
            return super().handle(*args, **options)
        try:
            result = rebuild_product_index(progress=self._progress)
        except RebuildAlreadyRunning as error:
            self.stderr.write(f"search_index: {error}; nothing done")
            sys.exit(EXIT_LOCKED)
        except Exception as error:
            self.stderr.write(f"search_index: rebuild failed, the previous index stays live: {error}")
            with suppress(Exception):  # a failing alert must not change how the command fails
                notify_reindex_failed(error_text=f"{type(error).__name__}: {error}")
            sys.exit(EXIT_FAILED)
        self.stdout.write(
            f"Rebuilt {result.index}: {result.documents} products in {result.seconds:.1f}s "
            f"({result.documents / max(result.seconds, 1e-9):.0f} docs/s); "
            f"removed {', '.join(result.removed_indices) or 'no old index'}; "
            f"{result.replayed_changes} changes made meanwhile re-queued"
        )

    def _progress(self, done, total):
        percent = 100 * done / total if total else 100
        self.stdout.write(f"  indexed {done}/{total} ({percent:.0f}%)")
        self.stdout.flush()
