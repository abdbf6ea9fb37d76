"""A sync worker killed mid-job: its batch is retried, nothing is lost, nothing is stale."""
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.db.models.functions import Now

from common.tests.processes import kill_with_work_horse, wait_until
from products.models import Product, ProductTranslation
from search.models import PendingIndexChange
from search.indexing.outbox import record_product_changes
from search.indexing.sync import apply_pending_changes
from search.tests.helpers import indexed_document, indexed_ids

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("product_index")]
BACKEND = Path(__file__).resolve().parents[2]
LEASE = 3


def _worker_env():
    """The real worker process, on this test's database, index prefix and Redis database."""
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        SEARCH_SYNC_LEASE_SECONDS=str(LEASE),
    )
    return env


def _processed():
    return PendingIndexChange.objects.filter(processed_at__isnull=False).count()


def test_killed_worker_loses_nothing_and_leaves_nothing_stale(settings, test_redis):
    settings.USING_REDIS_QUEUE, settings.ELASTIC_SYNC, settings.SEARCH_SYNC_LEASE_SECONDS = True, True, LEASE
    products = Product.objects.bulk_create(
        Product(sku=f"CRASH-{n}", price=Decimal("5"), is_published=True) for n in range(6000)
    )
    ProductTranslation.objects.bulk_create(
        ProductTranslation(product=product, language="cs", title=f"Bota {product.sku}") for product in products
    )
    with transaction.atomic():
        record_product_changes([product.id for product in products])  # one job is enqueued on commit

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "rqworker", "default", "--burst"],
        cwd=BACKEND, env=_worker_env(), start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while _processed() == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    kill_with_work_horse(worker)  # mid-job
    at_kill = _processed()
    assert 0 < at_kill < len(products), "the worker must die in the middle of the job"

    # Its claim on the in-flight batch expires (by PostgreSQL's clock, as the claim is made).
    wait_until(lambda: not PendingIndexChange.objects.filter(claimed_until__gte=Now()).exists(), seconds=LEASE + 10)
    apply_pending_changes()  # the next worker
    assert not PendingIndexChange.objects.filter(processed_at__isnull=True).exists()
    assert indexed_ids() == {product.id for product in products}

    # Nothing stale either: a later edit wins over anything the dead worker might still have sent.
    translation = ProductTranslation.objects.get(product=products[0], language="cs")
    translation.title = "Bota po pádu"
    translation.save()
    apply_pending_changes()
    assert indexed_document(products[0].id)["title"]["cs"] == "Bota po pádu"
