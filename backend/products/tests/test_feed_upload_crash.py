"""A real RQ worker killed in the middle of an admin feed import: its run is marked failed,
not "running" for ever, and the batches it committed stay."""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from common.tests.processes import kill_with_work_horse, wait_until
from products.feeds.models import FeedImport
from products.models import Product
from products.tests.test_feed_import import _item
from products.tests.users import make_user

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]
BACKEND = Path(__file__).resolve().parents[2]
ITEMS = 1500  # three batches of 500: the worker is killed after the first


def _worker_env(media):
    """The real worker process on this test's database, Redis database and MEDIA_ROOT."""
    db = connection.settings_dict
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "MEDIA_ROOT": str(media),
            "ELASTIC_SYNC": "0",
            "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}


def test_a_worker_killed_mid_import_leaves_a_failed_run_and_its_committed_batches(
        client, settings, tmp_path, test_redis):
    settings.MEDIA_ROOT, settings.USING_REDIS_QUEUE, settings.ELASTIC_SYNC = tmp_path / "media", True, False
    staff = make_user(staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="import_feed"))
    client.force_login(staff)
    items = "".join(_item(f"KILL-{n}", f"Bota {n}") for n in range(ITEMS))
    feed = SimpleUploadedFile("big.xml", f'<?xml version="1.0" encoding="utf-8"?><SHOP>{items}</SHOP>'.encode())
    client.post("/admin/products/feedimport/add/", {"file": feed, "format": "heureka", "language": "cs"})
    run = FeedImport.objects.get()

    worker = subprocess.Popen([sys.executable, "manage.py", "rqworker", "low", "--burst"], cwd=BACKEND,
                              env=_worker_env(settings.MEDIA_ROOT), start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until(lambda: FeedImport.objects.filter(pk=run.pk, created__gt=0).exists(), seconds=180)
    kill_with_work_horse(worker)  # mid-import
    run.refresh_from_db()
    assert run.status == "running" and 0 < run.created < ITEMS and 0 < run.bytes_read < run.bytes_total
    committed = Product.objects.count()
    assert committed >= run.created

    settings.FEED_IMPORT_STALE_SECONDS = 1
    time.sleep(1.5)  # no heartbeat from the dead worker
    page = client.get(f"/admin/products/feedimport/{run.pk}/change/").content.decode()
    run.refresh_from_db()
    assert run.status == "failed" and "The worker stopped during the import" in page
    assert "http-equiv" not in page  # no longer refreshed as if running
    assert Product.objects.count() == committed and not run.file  # the committed batches stay; the file goes
