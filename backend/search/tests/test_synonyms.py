"""Staff's synonyms: added in admin, applied to the next search in both backends, no reindex."""
import pytest
from rest_framework.test import APIClient

from products.tests.factories import make_product
from search.models import RulesVersion, Synonym
from search.queries import read_query, shopper_query
from search.rules import synonyms_for
from search.tests.test_apis import ids, search

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]
ADD_SYNONYM = "/admin/search/synonym/add/"


@pytest.fixture
def phones():
    return {
        "phone": make_product({"cs": "Chytrý telefon Nova"}),
        "case": make_product({"cs": "Pouzdro na telefon"}),
        "lamp": make_product({"cs": "Stolní lampa"}),
    }


def test_a_synonym_added_in_admin_finds_products_at_once(staff_client, phones):
    assert ids(search(q="mobil")) == []
    response = staff_client.post(ADD_SYNONYM, {"language": "cs", "kind": "one_way", "source": "mobil",
                                               "terms": "telefon"})
    assert response.status_code == 302, response.content.decode()[:2000]
    body = search(q="mobil").json()
    assert {item["id"] for item in body["results"]} == {phones["phone"].id, phones["case"].id}
    assert body["synonyms"] == [{"word": "mobil", "synonyms": ["telefon"]}]
    assert "<mark>telefon</mark>" in body["results"][0]["highlight"]["title"][0]


def test_one_way_does_not_work_backwards(phones):
    Synonym.objects.create(language="cs", kind=Synonym.ONE_WAY, source="mobil", terms="telefon")
    body = search(q="telefon").json()
    assert body["synonyms"] == [] and phones["lamp"].id not in ids(search(q="telefon"))


def test_an_equivalent_group_works_every_way_and_only_in_its_language(phones):
    Synonym.objects.create(language="cs", kind=Synonym.EQUIVALENT, terms="lampa, svítidlo")
    lamp = make_product({"cs": "Nástěnné svítidlo"})
    assert set(ids(search(q="lampa"))) == {phones["lamp"].id, lamp.id}
    assert set(ids(search(q="svítidlo"))) == {phones["lamp"].id, lamp.id}
    assert search(lang="en", q="lampa").json()["synonyms"] == []


def test_inflected_word_reaches_its_synonyms_through_its_lemma(phones):
    Synonym.objects.create(language="cs", kind=Synonym.ONE_WAY, source="mobil", terms="telefon")
    assert phones["phone"].id in ids(search(q="mobily"))


def test_the_word_typed_ranks_above_its_synonym(phones):
    Synonym.objects.create(language="cs", kind=Synonym.EQUIVALENT, terms="telefon, pouzdro")
    ranked = ids(search(q="pouzdro"))
    assert ranked[0] == phones["case"].id and phones["phone"].id in ranked


def test_postgres_fallback_uses_the_same_synonyms(settings, phones):
    settings.USE_ELASTIC = False
    Synonym.objects.create(language="cs", kind=Synonym.ONE_WAY, source="mobil", terms="telefon")
    response = search(q="mobil")
    assert response["X-Search-Backend"] == "postgres"
    assert set(ids(response)) == {phones["phone"].id, phones["case"].id}
    assert response.json()["synonyms"] == [{"word": "mobil", "synonyms": ["telefon"]}]


def test_deleting_a_synonym_takes_effect_at_once(phones):
    synonym = Synonym.objects.create(language="cs", kind=Synonym.ONE_WAY, source="mobil", terms="telefon")
    assert ids(search(q="mobil"))
    synonym.delete()
    assert ids(search(q="mobil")) == []


def test_another_process_change_is_seen_after_the_recheck_interval(settings):
    settings.SEARCH_RULES_RECHECK_SECONDS = 60
    assert synonyms_for("cs") == {}
    # Another process saved a synonym: its signal bumped the version row, not this process's copy.
    Synonym.objects.bulk_create([Synonym(language="cs", kind=Synonym.ONE_WAY, source="x", terms="y")])
    RulesVersion.objects.update_or_create(pk=1, defaults={"version": 99})
    assert synonyms_for("cs") == {}  # within the interval: the cached copy
    settings.SEARCH_RULES_RECHECK_SECONDS = 0
    assert synonyms_for("cs") == {"x": ("y",)}


def test_queries_without_synonyms_are_built_exactly_as_before():
    for text in ["stoly", "kuchyňs", "SH-RED 12", "modra bota"]:
        plain = shopper_query(read_query(text, "cs"))
        assert shopper_query(read_query(text, "cs", synonyms={"telefon": ("mobil",)})) == plain


def test_admin_refuses_a_one_way_synonym_without_source(staff_client):
    response = staff_client.post(ADD_SYNONYM, {"language": "cs", "kind": "one_way", "source": "", "terms": "x"})
    assert response.status_code == 200 and "needs the word shoppers type" in response.content.decode()
    assert not Synonym.objects.exists()


def test_the_report_link_prefills_the_add_form(staff_client):
    page = staff_client.get(ADD_SYNONYM, {"language": "sk", "kind": "one_way", "source": "mobil"}).content.decode()
    assert 'value="mobil"' in page and '<option value="sk" selected>' in page


def test_the_dsl_endpoint_applies_the_same_synonyms(phones):
    Synonym.objects.create(language="cs", kind=Synonym.ONE_WAY, source="mobil", terms="telefon")
    search(q="mobil")  # refreshes the index
    body = APIClient().get("/api/search/dsl/products/", {"search": "mobil", "lang": "cs"}).json()
    assert {item["id"] for item in body["results"]} == {phones["phone"].id, phones["case"].id}
