"""The RQ job that imports a feed staff uploaded (products/feeds/uploads.py queues it).

It receives the run's id only; the run row says what to import and receives the progress
after every batch (bytes read, counts, a heartbeat the stale sweep reads) and the report.
A run the sweep already failed (its heartbeat was too old) is not resumed or overwritten.
"""
import contextlib

from django.utils import timezone

from products.feeds.models import FeedImport
from products.feeds.readers import open_source
from products.feeds.runs import fail_stale_imports, finish_run
from products.feeds.safe_xml import FeedFormatError
from products.feeds.services import BATCH, ImportReport, import_feeds

Status = FeedImport.Status


class RunAbandoned(Exception):
    """The run is no longer running (the stale sweep failed it): stop writing to it."""


def run_feed_import(run_id: int, batch_size: int = BATCH) -> str:
    fail_stale_imports()
    now = timezone.now()
    if not FeedImport.objects.filter(pk=run_id, status=Status.QUEUED).update(
            status=Status.RUNNING, started_at=now, heartbeat_at=now):
        return "not queued"
    run = FeedImport.objects.get(pk=run_id)
    path = run.file.path
    streams = []

    @contextlib.contextmanager
    def opener(source):
        with open_source(source) as stream:
            streams.append(stream)
            yield stream

    try:
        report = import_feeds(sources=[(path, run.language)], format=run.format, dry_run=run.dry_run,
                              sync_removals=run.sync_removals, on_progress=progress_writer(run, streams),
                              batch_size=batch_size, opener=opener)
    except RunAbandoned:
        return "abandoned"
    except FeedFormatError as error:
        finish_run(run_id, status=Status.FAILED, error=str(error).replace(path, run.file_name))
        return "failed"
    except BaseException as error:  # the job's timeout, a database error: failed, and RQ records it
        finish_run(run_id, status=Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000])
        raise
    problems = [line.removeprefix(f"{path} ") for line in report.problems]
    finish_run(run_id, status=Status.DONE, bytes_read=run.bytes_total, problems=problems, **_counts(report))
    return "done"


def progress_writer(run: FeedImport, streams: list):
    """The import's on_progress: after each batch, the bytes read of the feed being read (the
    last of `streams`), the counts so far and a heartbeat, written to the run."""
    def on_progress(report: ImportReport, seconds: float) -> None:
        try:
            position = streams[-1].tell()
        except (ValueError, OSError):  # closed by the reader once it reached the end
            position = run.bytes_total
        if not FeedImport.objects.filter(pk=run.pk, status=Status.RUNNING).update(
                bytes_read=position, heartbeat_at=timezone.now(), **_counts(report)):
            raise RunAbandoned(run.pk)
    return on_progress


def _counts(report: ImportReport) -> dict:
    return {"created": report.created, "updated": report.updated, "unchanged": report.unchanged,
            "skipped": report.skipped, "unpublished": report.unpublished}
