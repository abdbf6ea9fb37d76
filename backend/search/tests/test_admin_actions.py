"""The catalog admin's bulk actions (publish, unpublish, reindex) reach the search index."""
import pytest

from products.models import Product
from products.tests.factories import make_product
from search.indexing.indices import alias, client
from search.tests.helpers import indexed_document

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]


def test_unpublish_and_publish_actions_reach_the_index(staff_client):
    lamp, chair = make_product({"cs": "Lampa"}), make_product({"cs": "Židle"})
    url = "/admin/products/product/"
    staff_client.post(url, {"action": "unpublish", "_selected_action": [lamp.id, chair.id]})
    assert not Product.objects.filter(is_published=True).exists()
    assert indexed_document(lamp.id) is None and indexed_document(chair.id) is None
    staff_client.post(url, {"action": "publish", "_selected_action": [lamp.id]})
    assert indexed_document(lamp.id)["title"]["cs"] == "Lampa"
    assert indexed_document(chair.id) is None


def test_reindex_action_restores_a_document_missing_from_the_index(staff_client):
    lamp = make_product({"cs": "Lampa"})
    client().delete(index=alias(), id=lamp.id, refresh=True)
    staff_client.post("/admin/products/product/", {"action": "reindex", "_selected_action": [lamp.id]})
    assert indexed_document(lamp.id)["title"]["cs"] == "Lampa"
