"""The search page's script texts are cached by browsers and revalidated by their ETag."""
import pytest

from storefront.pages.catalogue import MAX_AGE

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_the_texts_are_kept_for_an_hour_and_answered_304_while_unchanged(client):
    first = client.get("/i18n.js", {"lang": "cs"})
    assert first.status_code == 200 and b"django.catalog" in first.content
    assert f"max-age={MAX_AGE}" in first["Cache-Control"] and "public" in first["Cache-Control"]
    again = client.get("/i18n.js", {"lang": "cs"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_each_language_has_its_own_texts_and_etag(client):
    czech, slovak = client.get("/i18n.js", {"lang": "cs"}), client.get("/i18n.js", {"lang": "sk"})
    assert czech["ETag"] != slovak["ETag"] and czech.content != slovak.content
    assert client.get("/i18n.js", {"lang": "sk"}, HTTP_IF_NONE_MATCH=czech["ETag"]).status_code == 200
