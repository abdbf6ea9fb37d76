"""Products left out of a search's query while their unpublish or delete is in flight
(search/selectors/unlisted.py), and a large backlog costs a bounded lookup."""
from datetime import timedelta

import pytest
from django.utils import timezone

from products.tests.factories import make_product
from search.models import PendingIndexChange
from search.selectors import unlisted

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _pending(product_id, seq, processed_at=None):
    PendingIndexChange.objects.update_or_create(
        product_id=product_id, defaults={"seq": seq, "processed_at": processed_at})


def test_unpublished_or_deleted_products_with_a_change_in_flight_are_unlisted():
    PendingIndexChange.objects.all().delete()
    listed, hidden, applied_now, applied_long_ago = (make_product(published=p) for p in (True, False, False, False))
    _pending(listed.id, 1)
    _pending(hidden.id, 2)
    _pending(999_999_999, 3)  # deleted: no product row any more
    _pending(applied_now.id, 4, processed_at=timezone.now())
    _pending(applied_long_ago.id, 5, processed_at=timezone.now() - timedelta(minutes=5))
    assert sorted(unlisted.unlisted_in_flight_ids()) == sorted([hidden.id, 999_999_999, applied_now.id])


def test_a_backlog_beyond_the_bound_is_read_newest_first(monkeypatch):
    """A bulk import leaves thousands of changes waiting: only the newest MAX_IDS are looked at
    (older unpublishes keep right results; their counts lag until the sync lands)."""
    monkeypatch.setattr(unlisted, "MAX_IDS", 3)
    PendingIndexChange.objects.all().delete()
    old_hidden = make_product(published=False)
    _pending(old_hidden.id, 1)
    for seq, product in enumerate((make_product() for _ in range(3)), start=2):
        _pending(product.id, seq)
    new_hidden = make_product(published=False)
    _pending(new_hidden.id, 10)
    assert unlisted.unlisted_in_flight_ids() == [new_hidden.id]
