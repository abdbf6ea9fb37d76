"""The demo catalog command: reproducible, multilingual, with progress output."""
import pytest
from django.core.management import CommandError, call_command

from products.demo.grammar import adjective
from products.demo.kinds import CATALOG_ONLY_KINDS, KINDS, KINDS_BY_SKU
from products.models import Category, Product, ProductAttribute

pytestmark = pytest.mark.django_db(transaction=True)  # TRUNCATE needs real commits


def _titles():
    return list(
        Product.objects.order_by("sku", "translations__language").values_list(
            "sku", "translations__language", "translations__title"
        )
    )


def test_same_seed_gives_the_same_catalog(capsys):
    call_command("load_demo_catalog", products=50, seed=7)
    first = _titles()
    call_command("load_demo_catalog", products=50, seed=7, reset=True)
    assert _titles() == first
    assert len(first) == 153  # three languages each; one product in 50 more of the catalog-only kinds
    assert "created 51/51 products" in capsys.readouterr().out


def test_catalog_is_multilingual_with_categories_and_attributes():
    call_command("load_demo_catalog", products=30, seed=1)
    product = Product.objects.prefetch_related("translations").first()
    assert {t.language for t in product.translations.all()} == {"cs", "sk", "en"}
    assert Category.objects.filter(parent__isnull=True).count() == 9
    assert ProductAttribute.objects.filter(product=product).count() >= 2


def test_refuses_to_mix_with_an_existing_catalog():
    call_command("load_demo_catalog", products=5)
    with pytest.raises(CommandError, match="--reset"):
        call_command("load_demo_catalog", products=5)
    call_command("load_demo_catalog", products=5, if_empty=True)
    assert Product.objects.count() == 5


@pytest.mark.parametrize(
    "stem, gender, language, expected",
    [("červen", "f", "cs", "červená"), ("čiern", "f", "sk", "čierna"), ("biel", "n", "sk", "biele"),
     ("modr", "m", "sk", "modrý"), ("žlt", "f", "sk", "žltá"), ("prúten", "m", "sk", "prútený"),
     ("porcelánov", "f", "sk", "porcelánová"), ("kožen", "pl", "cs", "kožené"), ("biel", "pl", "sk", "biele")],
)
def test_adjectives_agree_in_gender_and_follow_the_slovak_rhythmic_law(stem, gender, language, expected):
    assert adjective(stem, gender, language) == expected


def test_products_read_like_shop_copy_and_their_sku_names_their_kind():
    """Titles carry the kind's noun with agreeing adjectives; descriptions are its sentences,
    slots filled; the relevance benchmark reads the kind from the SKU prefix."""
    call_command("load_demo_catalog", products=200, seed=3)
    kinds_seen = set()
    for product in Product.objects.prefetch_related("translations"):
        kind = KINDS_BY_SKU[product.sku.split("-")[0]]
        kinds_seen.add(kind.code)
        for translation in product.translations.all():
            noun = kind.noun(translation.language)
            assert noun.text.lower() in translation.title.lower()
            assert "{" not in translation.short_description + translation.description
            assert all(sentence in translation.description for sentence in translation.short_description.split(". "))
    assert len(kinds_seen) > len(KINDS) * 0.8


def test_the_kinds_the_dictionary_lacks_come_after_the_others_from_a_stream_of_their_own():
    """One product in 50 more, after the others, which stay as a catalog without them would be."""
    call_command("load_demo_catalog", products=100, seed=5)
    skus = list(Product.objects.order_by("id").values_list("sku", flat=True))
    assert len(skus) == 102
    assert all(KINDS_BY_SKU[sku.split("-")[0]] in KINDS for sku in skus[:100])
    assert all(KINDS_BY_SKU[sku.split("-")[0]] in CATALOG_ONLY_KINDS for sku in skus[100:])
    assert Product.objects.get(sku=skus[100]).category.slug == "demo-gifts"
