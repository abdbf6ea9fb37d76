"""Words the catalog uses that the lemma dictionary lacks still find each other's forms
(a Slovak diminutive plural, Czech diminutives in one form only), on both backends."""
import pytest
from django.core.management import call_command

from products.tests.factories import make_product
from search.catalog_words import catalog_lemma, forget_catalog_words, word_key
from search.indexing.indices import alias, client
from search.lexicon import is_known
from search.models import CatalogWord
from search.tests.helpers import word_search_ids


@pytest.mark.parametrize("forms, language", [
    (("kastrůlek", "kastrůlky", "kastrůlkách", "kastrůlků"), "cs"),
    (("tanierček", "tanierčeky", "tanierčekov"), "sk"),
    (("vankúšička", "vankúšičky", "vankúšičiek"), "sk"),
    (("tealight", "tealights"), "en"),
])
def test_a_words_forms_share_one_key(forms, language):
    assert len({word_key(form, language) for form in forms}) == 1


@pytest.fixture
def shop(db, product_index, inprocess_sync):
    made = {
        "plates": make_product({"sk": "Porcelánové tanierčeky Alfa", "cs": "Porcelánové talířky Alfa"}),
        "plate": make_product({"sk": "Porcelánový tanier Vega", "cs": "Porcelánový talíř Vega"}),
        "saucepans": make_product({"cs": "Smaltované kastrůlky Orion"}),
        "pot": make_product({"cs": "Smaltovaný kastrol Luna"}),
        "purses": make_product({"sk": "Kožené peňaženôčky Lyra"}),
        "wallet": make_product({"sk": "Kožená peňaženka Nova"}),
    }
    client().indices.refresh(index=alias())
    return made


@pytest.mark.django_db(transaction=True)
def test_the_command_reports_words_without_a_lemma_per_language_with_progress(shop, capsys):
    call_command("catalog_words", "cs", "sk")
    out = capsys.readouterr().out
    assert "read 8/8 texts" in out  # the Czech and Slovak texts of six products (made in cs, sk or both)
    assert "sk: " in out and "cs: " in out and "without a lemma" in out
    assert "not saved" in out and not CatalogWord.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("use_elastic", [True, False], ids=["elasticsearch", "postgres"])
def test_a_catalog_only_word_finds_its_products_by_another_form(shop, settings, use_elastic):
    assert not is_known("tanierčeky", "sk") and not is_known("tanierček", "sk")
    settings.USE_ELASTIC = use_elastic
    assert word_search_ids("tanierčekoch", "sk") == []  # before: the dictionary lacks both forms, too far for fuzziness
    call_command("catalog_words", "--save")
    client().indices.refresh(index=alias())
    assert word_search_ids("tanierčekoch", "sk") == [shop["plates"].id]  # and not the tanier (another word)
    assert word_search_ids("tanierček", "sk") == [shop["plates"].id]
    assert word_search_ids("peňaženôčkami", "sk") == [shop["purses"].id]  # not the peňaženka
    # kastrůlky: the dictionary knows only "kastrůlek" (-> kastrol), so the catalog's form joins it
    assert set(word_search_ids("kastrůlek", "cs")) == {shop["saucepans"].id, shop["pot"].id}
    assert word_search_ids("kastrůlkách", "cs")[0] == shop["saucepans"].id
    assert CatalogWord.objects.get(language="sk", form="tanierčeky").lemma == "tanierčeky"
    assert word_search_ids("tanierč", "sk") == [shop["plates"].id]  # typing it: a beginning, as before


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("use_elastic", [True, False], ids=["elasticsearch", "postgres"])
def test_a_staff_word_groups_what_the_catalog_alone_cannot(shop, staff_client, settings, use_elastic):
    settings.USE_ELASTIC = use_elastic
    small_chairs = make_product({"cs": "Dětské pidižidličky Atlas"})
    client().indices.refresh(index=alias())
    assert word_search_ids("židle", "cs") == []
    response = staff_client.post("/admin/search/catalogword/add/",
                                 {"language": "cs", "form": "Pidižidličky", "lemma": "židle"})
    assert response.status_code == 302, response.content
    assert CatalogWord.objects.get(form="pidižidličky").source == CatalogWord.STAFF
    client().indices.refresh(index=alias())
    assert word_search_ids("židle", "cs") == [small_chairs.id]  # the product was reindexed with the staff's lemma


@pytest.mark.django_db
def test_staff_read_the_catalog_words_admin_in_their_language(staff_client):
    CatalogWord.objects.bulk_create([CatalogWord(language="sk", form="tanierčeky", lemma="tanierček", source="catalog"),
                                     CatalogWord(language="sk", form="hrnčeky", lemma="hrnček", source="staff")])
    listing = staff_client.get("/admin/search/catalogword/", HTTP_ACCEPT_LANGUAGE="sk").content.decode()
    assert "nájdené v katalógu" in listing and "zadané obsluhou" in listing and "Základný tvar" in listing
    refused = staff_client.post("/admin/search/catalogword/add/", {"language": "cs", "form": "k2", "lemma": "židle"},
                                HTTP_ACCEPT_LANGUAGE="cs")
    assert refused.status_code == 200
    assert "form" in refused.context["adminform"].form.errors
    assert "Jedno slovo, jen písmena." in refused.content.decode()  # rendered in the request's language
    assert CatalogWord.objects.count() == 2


@pytest.mark.django_db
def test_a_short_word_without_an_ending_is_a_beginning_being_typed_not_a_form():
    CatalogWord.objects.bulk_create([CatalogWord(language="cs", form="ručně", lemma="ručně", source="catalog"),
                                     CatalogWord(language="cs", form="podsedáky", lemma="podsedáky", source="catalog")])
    forget_catalog_words()
    assert catalog_lemma("ručn", "cs") is None  # someone typing ručník
    assert catalog_lemma("podsedák", "cs") == "podsedáky" and catalog_lemma("podsedáků", "cs") == "podsedáky"
    assert catalog_lemma("ručně", "cs") == "ručně"
