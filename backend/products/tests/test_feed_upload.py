"""The admin's feed upload against the real services: the file stored, the job queued in the
test Redis and run by a real (burst) RQ worker, products in PostgreSQL, the progress and the
report on the run's admin page; a bad feed, a file too large, Redis down, a dead worker."""
from datetime import timedelta

import django_rq
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from products.feeds.jobs import RunAbandoned, progress_writer, run_feed_import
from products.feeds.models import FeedImport
from products.feeds.services import ImportReport
from products.models import Product
from products.tests.test_feed_import import _item
from products.tests.users import make_user

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ADD = "/admin/products/feedimport/add/"


def _run_page(run):
    return f"/admin/products/feedimport/{run.pk}/change/"


def _feed(*items, name="feed.xml"):
    body = f'<?xml version="1.0" encoding="utf-8"?><SHOP>{"".join(items)}</SHOP>'.encode()
    return SimpleUploadedFile(name, body, content_type="application/xml")


def _upload(client, upload, **options):
    return client.post(ADD, {"file": upload, "format": "heureka", "language": "cs", **options}, follow=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ELASTIC_SYNC = False
    return settings.MEDIA_ROOT


@pytest.fixture
def importer(client, media):
    """A staff member who may import feeds (not a superuser)."""
    user = make_user(staff=True)
    user.user_permissions.add(Permission.objects.get(codename="import_feed"))
    client.force_login(user)
    return client


@pytest.fixture
def queued(settings, test_redis):
    settings.USING_REDIS_QUEUE = True
    return django_rq.get_queue("low")


def _stored_files(media):
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def test_an_uploaded_feed_is_imported_by_the_worker_and_its_page_shows_progress_then_report(
        importer, media, queued):
    response = _upload(importer, _feed(_item("UP-1", "Červená bota"), _item("UP-2", "Modrá bota")))
    run = FeedImport.objects.get()
    assert response.redirect_chain == [(_run_page(run), 302)]
    page = response.content.decode()
    assert "was accepted" in page and "queued" in page
    assert '<meta http-equiv="refresh" content="5">' in page  # refreshed while it runs
    assert (run.status, run.file_name, run.created_by.is_staff) == ("queued", "feed.xml", True)
    assert len(_stored_files(media)) == 1 and run.bytes_total == _stored_files(media)[0].stat().st_size
    assert queued.count == 1 and not Product.objects.exists()

    call_command("rqworker", "low", burst=True, worker_class="rq.worker.SimpleWorker")

    run.refresh_from_db()
    assert (run.status, run.created, run.skipped, run.bytes_read) == ("done", 2, 0, run.bytes_total)
    assert run.started_at <= run.heartbeat_at <= run.finished_at
    assert Product.objects.get(sku="UP-1").title("cs") == "Červená bota"
    assert _stored_files(media) == []  # the upload goes, the report stays
    page = importer.get(_run_page(run)).content.decode()
    assert "created 2, updated 0, unchanged 0, skipped 0" in page and "2 items, all read" in page
    assert "http-equiv" not in page


def test_each_batch_writes_the_bytes_read_the_counts_and_a_heartbeat(media, tmp_path):
    """What the job writes after every batch; a run the stale sweep failed meanwhile stops it."""
    long_ago = timezone.now() - timedelta(minutes=5)
    run = FeedImport.objects.create(format="heureka", language="cs", status="running", bytes_total=1000,
                                    started_at=long_ago, heartbeat_at=long_ago)
    feed = tmp_path / "feed.xml"
    feed.write_bytes(b"x" * 1000)
    with open(feed, "rb") as stream:
        stream.read(400)
        on_progress = progress_writer(run, [stream])
        on_progress(ImportReport(created=3, updated=1, unchanged=2, skipped=1), 1.0)
        run.refresh_from_db()
        assert (run.bytes_read, run.created, run.updated, run.unchanged, run.skipped) == (400, 3, 1, 2, 1)
        assert run.heartbeat_at > long_ago and run.items_read == 7
        FeedImport.objects.filter(pk=run.pk).update(status="failed")
        with pytest.raises(RunAbandoned):
            on_progress(ImportReport(created=4), 2.0)
    assert FeedImport.objects.get(pk=run.pk).created == 3


def test_a_feed_with_bad_items_reports_each_with_its_position_and_reason(importer, media, settings):
    """With the queue off (a dev setup without Redis) the import runs in the request."""
    settings.USING_REDIS_QUEUE = False
    feed = _feed(_item("OK-1", "Bota"), _item("BAD-1", "Bota", price="-5"), _item("", "Bez kódu"),
                 _item("BAD-2", "Bota", price="10 EUR"))
    page = _upload(importer, feed).content.decode()
    run = FeedImport.objects.get()
    assert (run.status, run.created, run.skipped) == ("done", 1, 3)
    assert run.problems == ["item 2 (BAD-1): bad PRICE_VAT '-5'", "item 3: no ITEM_ID",
                            "item 4 (BAD-2): unknown currency 'EUR' (the shop sells in CZK)"]
    assert "created 1, updated 0, unchanged 0, skipped 3" in page
    assert "item 2 (BAD-1): bad PRICE_VAT &#x27;-5&#x27;" in page
    assert list(Product.objects.values_list("sku", flat=True)) == ["OK-1"]


def test_a_malformed_feed_or_a_dtd_fails_the_run_and_a_dry_run_writes_nothing(importer, media, settings):
    settings.USING_REDIS_QUEUE = False
    _upload(importer, SimpleUploadedFile("broken.xml", b"<SHOP><SHOPITEM><ITEM_ID>X</SHOP>"))
    broken = FeedImport.objects.get()
    assert broken.status == "failed" and broken.error.startswith("Malformed XML") and "line 1" in broken.error
    page = importer.get(_run_page(broken)).content.decode()
    assert "line 1" in page and "http-equiv" not in page

    laughs = b'<?xml version="1.0"?><!DOCTYPE SHOP [<!ENTITY a "aaaa">]><SHOP>&a;</SHOP>'
    _upload(importer, SimpleUploadedFile("laughs.xml", laughs))
    assert "DTD" in FeedImport.objects.get(file_name="laughs.xml").error

    _upload(importer, _feed(_item("DRY-1", "Bota")), dry_run="on")
    dry = FeedImport.objects.get(dry_run=True)
    assert (dry.status, dry.created) == ("done", 1) and not Product.objects.exists()
    assert "Dry run (nothing written): created 1" in importer.get(_run_page(dry)).content.decode()
    assert _stored_files(media) == []


def test_a_file_over_the_limit_is_refused_with_a_message_and_not_stored(importer, media, settings):
    settings.FEED_UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("big.xml", b"<SHOP>" + b" " * (1024 * 1024) + b"</SHOP>")
    response = _upload(importer, big)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "file": ["The file has 1.0\xa0MB; a feed of at most 1 MB can be uploaded."]}
    assert not FeedImport.objects.exists() and _stored_files(media) == []


def test_redis_down_refuses_the_upload_with_a_message_never_a_500(importer, media, redis_unreachable):
    response = _upload(importer, _feed(_item("R-1", "Bota")))
    assert response.status_code == 200
    page = response.content.decode()
    assert "was not imported: the task queue (Redis) is unreachable" in page
    run = FeedImport.objects.get()
    assert run.status == "failed" and "Not started" in run.error
    assert _stored_files(media) == [] and not Product.objects.exists()


def test_a_run_whose_worker_died_is_marked_failed_not_running_for_ever(importer, media, settings):
    """A killed worker leaves its run "running" with an old heartbeat: looking at the runs
    fails it, and its job, if RQ ever ran it again, does not start it anew."""
    settings.FEED_IMPORT_STALE_SECONDS = 60
    long_ago = timezone.now() - timedelta(minutes=5)
    dead = FeedImport.objects.create(format="heureka", language="cs", file_name="dead.xml", status="running",
                                     started_at=long_ago, heartbeat_at=long_ago, created=500)
    alive = FeedImport.objects.create(format="heureka", language="cs", file_name="alive.xml", status="running",
                                      started_at=long_ago, heartbeat_at=timezone.now())
    page = importer.get("/admin/products/feedimport/").content.decode()
    assert "dead.xml" in page
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert (dead.status, dead.created, alive.status) == ("failed", 500, "running")
    assert "The worker stopped during the import" in dead.error and dead.finished_at
    assert run_feed_import(dead.pk) == "not queued"


def test_a_queued_run_whose_job_redis_lost_is_marked_failed_one_still_waiting_stays(
        importer, media, queued, settings):
    """Redis flushed (or restarted without its data) under a queued upload: no worker will ever
    run it, so looking at the runs fails it; an upload whose job is still in the queue waits on."""
    settings.FEED_IMPORT_STALE_SECONDS = 60
    _upload(importer, _feed(_item("LOST-1", "Bota"), name="lost.xml"))
    _upload(importer, _feed(_item("WAIT-1", "Bota"), name="waiting.xml"))
    lost, waiting = FeedImport.objects.order_by("id")
    FeedImport.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    queued.connection.delete(f"rq:job:feed-import-{lost.pk}")  # what a flush does to its job
    page = importer.get("/admin/products/feedimport/").content.decode()
    lost.refresh_from_db()
    waiting.refresh_from_db()
    assert (lost.status, waiting.status) == ("failed", "queued") and "failed" in page
    assert "lost with the task queue" in lost.error and lost.finished_at and not lost.file
    assert [path.name for path in _stored_files(media)] == [waiting.file.name.rsplit("/", 1)[-1]]
    call_command("rqworker", "low", burst=True, worker_class="rq.worker.SimpleWorker")
    waiting.refresh_from_db()
    assert waiting.status == "done" and Product.objects.filter(sku="WAIT-1").exists()
    assert not Product.objects.filter(sku="LOST-1").exists()


def test_only_staff_with_the_import_permission_upload(client, media):
    viewer = make_user(staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_feedimport"))
    client.force_login(viewer)
    assert client.get("/admin/products/feedimport/").status_code == 200
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, {"file": _feed(_item("X-1", "Bota")), "format": "heureka",
                             "language": "cs"}).status_code == 403
    client.force_login(make_user(staff=True, permissions=("change_product",)))
    assert client.get("/admin/products/feedimport/").status_code == 403
    assert not FeedImport.objects.exists()


def test_czech_staff_read_the_upload_and_the_run_in_czech(importer, media, settings):
    settings.USING_REDIS_QUEUE = False
    response = importer.post(ADD, {"file": _feed(_item("CZ-1", "Bota"), _item("CZ-2", "Bota", price="x")),
                                   "format": "heureka", "language": "cs"}, follow=True, HTTP_ACCEPT_LANGUAGE="cs")
    page = response.content.decode()
    assert "Feed „feed.xml“ byl přijat" in page
    assert "vytvořeno 1, aktualizováno 0, beze změny 0, přeskočeno 1" in page
    assert "Přeskočené položky (pořadí v souboru, SKU, důvod):" in page
    form = importer.get(ADD, HTTP_ACCEPT_LANGUAGE="sk").content.decode()
    assert "Skúšobný beh" in form and "Synchronizovať odobratie" in form
