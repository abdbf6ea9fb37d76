"""`manage.py search_sync`: the backlog of changes not yet in Elasticsearch.

Without options it prints the backlog. `--apply` applies the changes that are
due (respecting retry backoff): the cron safety net next to the RQ worker.
`--drain` applies every pending change now, ignoring backoff.
`--retry-parked` first un-parks the changes Elasticsearch kept rejecting (after
a fix). Progress is printed; the exit code is 1 if Elasticsearch could not be
reached or some documents were refused (they stay pending, or parked).
"""
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from search.indexing.indices import ensure_index
from search.indexing.outbox import retry_changes
from search.indexing.sync import SyncResult, apply_pending_changes
from search.models import PendingIndexChange
from search.selectors.sync import sync_backlog


class Command(BaseCommand):
    help = "Show the search sync backlog, or apply it."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="apply the changes that are due")
        parser.add_argument("--drain", action="store_true", help="apply every pending change now")
        parser.add_argument("--retry-parked", action="store_true", help="un-park rejected changes and retry them")

    def handle(self, *args, apply=False, drain=False, retry_parked=False, **options):
        self._report()
        if retry_parked:
            with transaction.atomic():
                self.stdout.write(f"  un-parked {retry_changes()} change(s)")
        if not (apply or drain or retry_parked):
            return
        ensure_index()
        if drain:
            # An operator draining wants it now: make every pending change due.
            PendingIndexChange.objects.filter(processed_at__isnull=True, parked_at__isnull=True).update(
                next_attempt_at="1970-01-01T00:00:00Z", claimed_until=None
            )
        total = SyncResult()
        while True:
            result = apply_pending_changes(max_batches=1)
            if not result.batches:
                break
            total.add(result)
            self.stdout.write(f"  applied {total.indexed + total.deleted} ({total.failed} refused or failed, "
                              f"{total.parked} parked)")
            if result.outage:
                self._report()
                raise CommandError("Elasticsearch could not be reached; the changes stay pending for retry")
        self._report()
        if total.failed:
            raise CommandError("some documents were refused; they stay pending (or parked) for retry")

    def _report(self):
        backlog = sync_backlog()
        self.stdout.write(
            f"Backlog: {backlog['total']} pending ({backlog['failing']} failing, {backlog['due']} due), "
            f"{backlog['parked']} parked, oldest {backlog['oldest'] or '-'}"
        )
        for error in backlog["last_errors"]:
            self.stdout.write(f"  error: {error[:200]}")
