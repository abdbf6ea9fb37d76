"""published_product_rows and SearchResultSerializer: a results page agrees with the models."""
from contextlib import nullcontext

import pytest
from django.utils import timezone
from rest_framework import serializers

from products.selectors import published_product_rows
from products.tests.factories import make_category, make_product
from search.serializers import SearchResultSerializer

pytestmark = pytest.mark.django_db


def test_rows_keep_the_given_order_and_leave_unpublished_and_unknown_ids_out():
    first, second, third = (make_product() for _ in range(3))
    hidden = make_product(published=False)
    ids = [third.id, hidden.id, first.id, 999_999_999, second.id]
    assert [row["id"] for row in published_product_rows(ids, language="cs")] == [third.id, first.id, second.id]
    assert published_product_rows([], language="cs") == []


@pytest.mark.parametrize("language", ["cs", "sk", "en"])
def test_texts_fall_back_exactly_as_the_models_do(language):
    """Asked language, else the default (cs), else any other; blank counts as missing."""
    named = make_category({"cs": "Obuv", "sk": "", "en": "Footwear"})
    unnamed = make_category({}, slug="no-names-yet")
    products = [
        make_product({"cs": "Červená bota", "sk": "Červená topánka", "en": "Red shoe"}, category=named,
                     short_descriptions={"cs": "Kožená", "en": ""}),
        make_product({"cs": "Stůl"}, category=unnamed),
        make_product({"sk": "", "en": "Lamp only in English"}, short_descriptions={"sk": "Lampa"}),
        make_product({"cs": "", "sk": "Hrnček", "en": "Mug"}),
    ]
    rows = published_product_rows([product.id for product in products], language=language)

    for product, row in zip(products, rows):
        assert row["title"] == product.title(language)
        assert row["short_description"] == product.short_description(language)
        expected_category = product.category.name(language) if product.category else None
        assert (row["category_name"] if row["category_id"] else None) == expected_category
        assert (row["sku"], row["price"], row["stock"]) == (product.sku, product.price, product.stock)
    assert rows[1]["category_name"] == "no-names-yet"


def test_one_query_for_a_whole_page(django_assert_num_queries):
    ids = [make_product().id for _ in range(25)]
    with django_assert_num_queries(1):
        assert len(published_product_rows(ids, language="sk")) == 25


def test_result_serializer_shortcut_matches_drf_field_by_field():
    """SearchResultSerializer builds its dict by hand for speed; DRF's generic walk over
    the declared fields must give exactly the same thing."""
    category = make_category({"cs": "Obuv"})
    rows = published_product_rows([make_product(category=category).id, make_product().id], language="cs")
    context = {"language": "cs", "highlights": {rows[0]["id"]: {"title": ["<mark>x</mark>"]}}}
    for zone in (None, "UTC", "America/New_York"):  # the shop's (Europe/Prague), UTC as Z, another
        with timezone.override(zone) if zone else nullcontext():
            for row in rows:
                serializer = SearchResultSerializer(context=context)
                shortcut = serializer.to_representation(row)
                assert shortcut == serializers.Serializer.to_representation(serializer, row)
    assert shortcut["created_at"].endswith("-05:00") or shortcut["created_at"].endswith("-04:00")
    assert list(SearchResultSerializer(rows, many=True, context=context).data[0]) == list(
        SearchResultSerializer().fields
    )
