"""A noun reaches the adjectives made from it and back (ocel -> ocelový, vlna -> vlněný,
len -> lněný, wood -> wooden), below its own lemma, and nothing that merely shares a prefix."""
import pytest

from products.tests.factories import make_product
from search.indexing.indices import alias, client
from search.lexicon import family_lemmas
from search.word_families import derive_families
from search.tests.helpers import word_search_ids

LEMMAS = {"ocel", "ocelový", "ocelot", "vlna", "vlněný", "len", "lněný", "lenoch", "kůže", "kožený", "praha",
          "pražský", "sklo", "skleněný", "stůl", "stolní", "keramika", "keramický", "tatra", "tatranský", "deka",
          "dekanský"}


@pytest.mark.pure
def test_links_are_derived_by_the_regular_suffixes_and_alternations():
    families = derive_families(LEMMAS, "cs")
    assert families["ocel"] == ["ocelový"] and families["ocelový"] == ["ocel"]
    assert families["vlna"] == ["vlněný"] and families["len"] == ["lněný"] and families["sklo"] == ["skleněný"]
    assert families["kůže"] == ["kožený"] and families["praha"] == ["pražský"]
    assert families["keramika"] == ["keramický"]
    assert families["tatra"] == ["tatranský"] and "deka" not in families  # -anský only after -ra/-ry
    assert "stůl" not in families  # stolní is a kind of lamp or tennis, not a table
    assert "ocelot" not in families and "lenoch" not in families  # a shared prefix is no family


@pytest.mark.pure
def test_a_link_needs_both_words_in_the_dictionary():
    assert derive_families({"ocel"}, "cs") == {}
    assert derive_families({"wood", "wooden", "deaf", "deafen"}, "en") == {"wood": ["wooden"], "wooden": ["wood"]}


@pytest.mark.pure
def test_the_compiled_lexicon_holds_the_families():
    assert "ocelový" in family_lemmas("ocel", "cs") and "vlna" in family_lemmas("vlněný", "cs")
    assert "oceľový" in family_lemmas("oceľ", "sk") and family_lemmas("wood", "en") == ("wooden",)


@pytest.fixture
def shop(db, product_index, inprocess_sync):
    made = {
        "steel_pot": make_product({"cs": "Ocelový hrnec"}),
        "steel_sheet": make_product({"cs": "Ocel v plechu"}),
        "ocelot": make_product({"cs": "Ocelot plyšová hračka"}),
        "wool_hat": make_product({"cs": "Vlněná čepice"}),
        "linen_cloth": make_product({"cs": "Lněný ubrus"}),
        "sloth": make_product({"cs": "Lenochod plyšák"}),
        "steel_knife": make_product({"cs": "Nůž z oceli"}),
        "spoon": make_product({"en": "Wooden spoon", "cs": "Vařečka"}),
    }
    client().indices.refresh(index=alias())
    return made


@pytest.mark.django_db(transaction=True)
def test_a_material_noun_finds_its_adjective_below_its_own_word_and_no_prefix_kin(shop):
    found = word_search_ids("ocel")
    assert set(found[:2]) == {shop["steel_sheet"].id, shop["steel_knife"].id}  # its own word first
    assert found[2:] == [shop["steel_pot"].id]  # then its adjective; never the ocelot
    assert word_search_ids("vlna") == [shop["wool_hat"].id]
    assert word_search_ids("len") == [shop["linen_cloth"].id]  # not the sloth (lenochod)


@pytest.mark.django_db(transaction=True)
def test_an_adjective_finds_its_noun_and_english_has_its_few(shop):
    assert set(word_search_ids("ocelový")) == {shop["steel_pot"].id, shop["steel_sheet"].id, shop["steel_knife"].id}
    assert word_search_ids("wood", "en") == [shop["spoon"].id]


@pytest.mark.django_db(transaction=True)
def test_the_fallback_finds_the_family_too(shop, settings):
    settings.USE_ELASTIC = False
    assert word_search_ids("len") == [shop["linen_cloth"].id]  # the title's own form is the family's lemma
