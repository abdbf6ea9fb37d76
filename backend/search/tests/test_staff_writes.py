"""Writes through the staff catalog API reach Elasticsearch like admin edits."""
import pytest
from rest_framework.test import APIClient

from products.tests.factories import make_attribute_value, make_category
from products.tests.users import EDITOR_PERMISSIONS, make_user
from search.tests.helpers import indexed_document

NEW_PRODUCT = {"sku": "NEW-1", "price": "10.00", "translations": [{"language": "cs", "title": "Nový"}]}


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("product_index", "inprocess_sync")
def test_api_writes_reach_elasticsearch():
    category = make_category({"cs": "Lampy"})
    brass = make_attribute_value("material", "brass", {"cs": "mosaz"})
    editor = _client(make_user(staff=True, permissions=EDITOR_PERMISSIONS))
    created = editor.post("/api/staff/products/", {
        **NEW_PRODUCT, "is_published": True, "category": category.id, "attribute_values": [brass.id],
        "translations": [{"language": "cs", "title": "Stolní lampa"},
                         {"language": "en", "title": "Desk lamp"}],
    }, format="json").json()
    url = f"/api/staff/products/{created['id']}/"
    document = indexed_document(created["id"])
    assert document["title"]["cs"] == "Stolní lampa" and document["title"]["en"] == "Desk lamp"
    editor.patch(url, {"translations": [{"language": "cs", "title": "Mosazná lampa"}]}, format="json")
    document = indexed_document(created["id"])
    # The English translation is gone: English falls back to Czech.
    assert document["title"]["cs"] == document["title"]["en"] == "Mosazná lampa"
    editor.post(f"{url}unpublish/")
    assert indexed_document(created["id"]) is None
    editor.post(f"{url}publish/")
    assert indexed_document(created["id"])["title"]["cs"] == "Mosazná lampa"
    assert editor.delete(url).status_code == 204
    assert indexed_document(created["id"]) is None
