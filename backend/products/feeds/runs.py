"""An uploaded feed's run ending: done or failed, its file deleted; and the sweep that fails a
run whose worker died (products/feeds/jobs.py runs, products/feeds/uploads.py queues)."""
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from products.feeds.models import FeedImport


def finish_run(run_id: int, *, status: str, **fields) -> None:
    """Ends a run (done or failed) and deletes its file: the report stays, the upload goes."""
    run = FeedImport.objects.filter(pk=run_id).first()
    if run is None:
        return
    if run.file:
        run.file.delete(save=False)
    FeedImport.objects.filter(pk=run_id).update(status=status, file="", finished_at=timezone.now(), **fields)


def fail_stale_imports() -> int:
    """Runs marked running whose worker reported nothing for FEED_IMPORT_STALE_SECONDS (killed,
    or its machine gone) are marked failed: never "running" for ever. Called when staff look
    at the runs and before each import starts."""
    limit = timezone.now() - timedelta(seconds=settings.FEED_IMPORT_STALE_SECONDS)
    stale = list(FeedImport.objects.filter(status=FeedImport.Status.RUNNING, heartbeat_at__lt=limit)
                 .values_list("id", "heartbeat_at"))
    for run_id, heartbeat in stale:
        error = gettext("The worker stopped during the import (no progress since %(time)s). Products "
                        "of the batches already done are saved; upload the feed again to finish.") % {
            "time": timezone.localtime(heartbeat).strftime("%Y-%m-%d %H:%M:%S")}
        finish_run(run_id, status=FeedImport.Status.FAILED, error=error)
    return len(stale)
