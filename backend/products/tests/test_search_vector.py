"""The trigger-kept search vector (migration 0002) and text_search_config() state one rule."""
import pytest
from django.db import connection

from common.languages import shop_languages
from products.models import ProductTranslation
from products.search_vector import text_search_config
from products.tests.factories import make_product

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", shop_languages())
def test_each_languages_vector_is_built_with_the_configuration_queries_use(language):
    make_product({language: "Kitchen knives Čepele"}, short_descriptions={language: "Running shoes"})
    translation = ProductTranslation.objects.get()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector = setweight(to_tsvector(%(config)s::regconfig, unaccent(title)), 'A')"
            " || setweight(to_tsvector(%(config)s::regconfig, unaccent(short_description)), 'B')"
            " FROM products_producttranslation WHERE id = %(id)s",
            {"config": text_search_config(language), "id": translation.id},
        )
        assert cursor.fetchone() == (True,)


def test_english_is_stemmed_and_the_others_kept_as_written():
    assert text_search_config("en") == "english" and text_search_config("cs") == "simple"
