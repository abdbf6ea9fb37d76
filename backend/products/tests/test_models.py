"""Translated fields fall back to the default language."""
import pytest

from products.tests.factories import make_category, make_product

pytestmark = pytest.mark.django_db


def test_missing_translation_falls_back_to_the_default_language(settings):
    settings.SHOP_DEFAULT_LANGUAGE = "cs"
    product = make_product({"cs": "Hrnek", "en": "Mug"}, short_descriptions={"cs": "Keramický"})
    assert product.title("en") == "Mug"
    assert product.title("sk") == "Hrnek"
    assert product.short_description("en") == "Keramický"  # blank in English: fall back
    assert product.title() == "Hrnek"


def test_adding_a_language_is_a_settings_change(settings):
    settings.SHOP_LANGUAGES = ["cs", "sk", "en", "de"]
    product = make_product({"cs": "Stůl", "de": "Tisch"})
    assert product.title("de") == "Tisch"


def test_category_name_is_translated():
    category = make_category({"cs": "Kuchyně", "en": "Kitchen"})
    assert category.name("en") == "Kitchen" and category.name("sk") == "Kuchyně"
