"""`manage.py search_sync`: the backlog of changes not yet in Elasticsearch.

Without options it prints the backlog. `--apply` applies the changes that are
due (respecting retry backoff): the cron safety net next to the RQ worker.
`--drain` applies every pending change now, ignoring backoff. Both print
progress and exit 1 if some change could not be applied (it stays pending).
"""
from django.core.management.base import BaseCommand, CommandError

from search.models import PendingIndexChange
from search.selectors.sync import sync_backlog
from search.indexing.indices import ensure_index
from search.indexing.sync import apply_pending_changes


class Command(BaseCommand):
    help = "Show the search sync backlog, or --drain it."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="apply the changes that are due")
        parser.add_argument("--drain", action="store_true", help="apply every pending change now")

    def handle(self, *args, apply=False, drain=False, **options):
        self._report()
        if not (apply or drain):
            return
        ensure_index()
        if drain:
            # An operator draining wants it now: make every pending change due.
            PendingIndexChange.objects.filter(processed_at__isnull=True).update(
                next_attempt_at="1970-01-01T00:00:00Z", claimed_until=None
            )
        applied = 0
        while True:
            result = apply_pending_changes(max_batches=1)
            if not result.batches:
                break
            applied += result.indexed + result.deleted
            self.stdout.write(f"  applied {applied} (last batch: {result.failed} failed)")
            if result.failed:
                self._report()
                raise CommandError("some changes could not be applied; they stay pending for retry")
        self._report()

    def _report(self):
        backlog = sync_backlog()
        self.stdout.write(
            f"Backlog: {backlog['total']} pending ({backlog['failing']} failing, {backlog['due']} due), "
            f"oldest {backlog['oldest'] or '-'}"
        )
        for error in backlog["last_errors"]:
            self.stdout.write(f"  error: {error[:200]}")
