"""The category tree read once per process for request-path reads, and dropped when a category changes."""
import pytest

from products.category_tree import cached_category_tree
from products.models import CategoryTranslation
from products.tests.factories import make_category

pytestmark = pytest.mark.django_db


def test_the_cached_tree_is_read_once(django_assert_num_queries):
    shoes = make_category({"cs": "Obuv"})
    cached_category_tree()
    with django_assert_num_queries(0):
        assert [node.id for node in cached_category_tree().path(shoes.id)] == [shoes.id]


def test_a_new_category_or_a_new_name_is_seen_at_once():
    shoes = make_category({"cs": "Obuv"})
    assert cached_category_tree().path_name(shoes.id, "cs") == "Obuv"
    boots = make_category({"cs": "Kozačky"}, parent=shoes)
    assert cached_category_tree().path_name(boots.id, "cs") == "Obuv / Kozačky"
    CategoryTranslation.objects.filter(category=shoes, language="cs").update(name="Boty")  # no signal: still cached
    assert cached_category_tree().path_name(boots.id, "cs") == "Obuv / Kozačky"
    translation = CategoryTranslation.objects.get(category=shoes, language="cs")
    translation.name = "Obuv a boty"
    translation.save()
    assert cached_category_tree().path_name(boots.id, "cs") == "Obuv a boty / Kozačky"
