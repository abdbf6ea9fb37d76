"""A change whose document Elasticsearch keeps refusing is parked after SEARCH_SYNC_MAX_REJECTIONS
tries, shown in admin, staff are emailed once per kind of failure, and every other change lands.

The refusal is a real mapping conflict: the live index maps `sku` as a number (as an index
built by another version of the code might), so a product with a text SKU is refused."""
import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from products.tests.factories import make_product
from search.documents import ProductDocument
from search.indexing import indices
from search.indexing.sync import apply_pending_changes
from search.models import IndexFailureKind, PendingIndexChange
from search.tests.helpers import indexed_ids

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("inprocess_sync")]


@pytest.fixture
def conflicting_index(es_client, settings):
    settings.SEARCH_SYNC_MAX_REJECTIONS = 2
    settings.STAFF_ALERT_EMAILS = ["ops@example.cz"]
    body = ProductDocument._index.to_dict()
    body["mappings"]["properties"]["sku"] = {"type": "long"}
    for name in es_client.indices.get(index=f"{indices.alias()}_*", ignore_unavailable=True):
        es_client.indices.delete(index=name)
    name = f"{indices.alias()}_conflict"
    es_client.indices.create(index=name, settings=body.get("settings", {}), mappings=body["mappings"])
    indices.point_alias_to(name)
    yield name
    es_client.indices.delete(index=f"{indices.alias()}_*", ignore_unavailable=True)


def _another_pass():
    """Time goes by: every pending change is due, and the sync runs again."""
    PendingIndexChange.objects.update(next_attempt_at=timezone.now())
    return apply_pending_changes()


def test_refused_documents_are_parked_shown_and_reported_once_per_kind(conflicting_index, staff_client):
    good = [make_product({"cs": f"Lampa {n}"}, sku=str(1000 + n)) for n in range(3)]
    poison = make_product({"cs": "Otrávená lampa"}, sku="POISON-1")
    assert indexed_ids() == {product.id for product in good}  # the others landed at once

    change = PendingIndexChange.objects.get(product_id=poison.id)
    assert (change.rejections, change.parked_at) == (1, None) and "sku" in change.last_error
    result = _another_pass()
    assert result.parked == 1 and not result.outage
    change.refresh_from_db()
    assert change.parked_at is not None and change.state == "parked"
    assert _another_pass().batches == 0  # parked: no longer retried

    [alert] = mail.outbox
    assert alert.to == ["ops@example.cz"] and str(poison.id) in alert.body and "sku" in alert.body
    second = make_product({"cs": "Další otrávená"}, sku="POISON-2")
    later = make_product({"cs": "Lampa později"}, sku="1010")
    _another_pass()
    assert PendingIndexChange.objects.get(product_id=second.id).state == "parked"
    assert len(mail.outbox) == 1  # the same kind of failure: no second email
    assert IndexFailureKind.objects.get().parked_changes == 2
    assert later.id in indexed_ids()

    page = staff_client.get("/admin/search/pendingindexchange/", {"state": "parked"}).content.decode()
    assert f">{poison.id}<" in page and f">{second.id}<" in page and "Retry all parked (2)" in page
    health = APIClient().get("/api/health/").json()
    assert health["services"]["elasticsearch"]["details"]["parked_changes"] == 2

    staff_client.post("/admin/search/pendingindexchange/retry-parked/")
    assert not PendingIndexChange.objects.filter(parked_at__isnull=False).exists()
    change.refresh_from_db()
    # Retried at once, and refused again: the mapping still conflicts (a rebuild would fix it).
    assert (change.rejections, change.parked_at, change.processed_at) == (1, None, None)
