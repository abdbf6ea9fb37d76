"""What the index holds and how it analyses text (real ES and PG)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from products.tests.factories import make_attribute_value, make_category, make_product
from search.documents import ProductDocument
from search.queries import product_text_query
from search.indexing import indices

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("product_index", "inprocess_sync"),
]


def search_ids(text, language):
    es = indices.client()
    es.indices.refresh(index=indices.alias())
    response = es.search(index=indices.alias(), query=product_text_query(text, language), size=10)
    return [int(hit["_id"]) for hit in response["hits"]["hits"]]


@pytest.fixture
def catalog():
    return {
        "red_shoe": make_product(
            {"cs": "Červená bota", "sk": "Červená topánka", "en": "Red shoe"}, sku="SHOE-RED-1"
        ),
        "blue_shirt": make_product(
            {"cs": "Modrá košile", "sk": "Modrá košeľa", "en": "Blue shirt"}, sku="SHIRT-BLUE-1"
        ),
        "table": make_product({"cs": "Dřevěný stůl", "sk": "Drevený stôl", "en": "Wooden table"}),
    }


@pytest.mark.parametrize(
    "text, language",
    [
        ("boty", "cs"),            # plural of bota
        ("botami", "cs"),          # instrumental plural
        ("cervene boty", "cs"),    # no diacritics, inflected
        ("červené boty", "cs"),
        ("topánky", "sk"),         # Slovak plural
        ("cervenu topanku", "sk"),  # Slovak accusative without diacritics
        ("shoes", "en"),
        ("red", "en"),
        ("bot", "cs"),             # prefix while typing
    ],
)
def test_inflections_and_missing_diacritics_find_the_product(catalog, text, language):
    assert search_ids(text, language)[:1] == [catalog["red_shoe"].id]


@pytest.mark.parametrize(
    "text, language",
    [
        ("stul", "cs"),            # hunspell reads "stul" as a form of "stulit", not "stůl"
        ("dreveny stul", "cs"),
        ("dreveny stol", "sk"),
        ("stůl", "cs"),
    ],
)
def test_words_typed_without_diacritics_find_the_product(catalog, text, language):
    assert search_ids(text, language)[:1] == [catalog["table"].id]


def test_exact_sku_ranks_first(catalog):
    assert search_ids("SHIRT-BLUE-1", "cs")[0] == catalog["blue_shirt"].id


def test_query_syntax_is_plain_text(catalog):
    for text in ['title:*', 'bota AND NOT stůl', '"bota', 'bota\\', '{}', 'sku:SHOE-RED-1 OR *']:
        ids = search_ids(text, "cs")
        assert catalog["table"].id not in ids


def _tokens(es, **request):
    return [token["token"] for token in es.indices.analyze(index=indices.alias(), **request)["tokens"]]


def test_each_text_is_indexed_as_stems_folded_words_and_lemmas():
    """Whole words only: no edge n-grams, which made any shared prefix a match."""
    es = indices.client()
    assert _tokens(es, analyzer="czech_hunspell_analyzer", text="Boty") == ["bota"]
    assert _tokens(es, field="title.cs.plain", text="Dřevěný STŮL") == ["dreveny", "stul"]
    mapping = es.indices.get_mapping(index=indices.alias())
    properties = next(iter(mapping.values()))["mappings"]["properties"]
    title = properties["title"]["properties"]
    assert title["cs"]["analyzer"] == "czech_hunspell_analyzer" and "search_analyzer" not in title["cs"]
    assert title["sk"]["analyzer"] == "slovak_hunspell_analyzer"
    assert title["en"]["analyzer"] == "general_hunspell_analyzer"
    assert "index_prefixes" in title["cs"]["fields"]["plain"]
    assert properties["lemmas"]["properties"]["title"]["properties"]["cs"]["analyzer"] == "lemma_analyzer"


def test_documents_carry_their_texts_as_lemmas():
    """Computed in Python from the dictionary: hunspell cannot relate nože to nůž."""
    knives = make_product(
        {"cs": "Kuchyňské nože Fatra", "sk": "Kuchynské nože", "en": "Kitchen knives"},
        short_descriptions={"cs": "Nože ze sady se hodí ke stolům."},
    )
    lemmas = ProductDocument().prepare(knives)["lemmas"]
    assert lemmas["title"] == {"cs": "kuchyňský nůž fatra", "sk": "kuchynský nôž", "en": "kitchen knife"}
    assert lemmas["short_description"]["cs"] == "nůž z sada se hodit k stůl"


def _build_all_documents():
    document = ProductDocument()
    with CaptureQueriesContext(connection) as queries:
        built = [document.prepare(product) for product in document.get_indexing_queryset()]
    return built, len(queries)


def test_building_documents_costs_constant_queries():
    """20 or 60 products with categories and attributes: the same few queries per batch."""
    category = make_category({"cs": "Nábytek"})
    child = make_category({"cs": "Stoly"}, parent=category)
    oak = make_attribute_value("material", "oak", {"cs": "dub", "en": "oak"})

    def add_products(count):
        for n in range(count):
            make_product({"cs": f"Stůl {n}", "en": f"Table {n}"}, category=child, attribute_values=[oak])

    add_products(20)
    few, few_queries = _build_all_documents()
    add_products(40)
    many, many_queries = _build_all_documents()
    assert len(few) == 20 and len(many) == 60
    assert many[0]["category_name"]["cs"] == "Nábytek / Stoly"
    assert many[0]["attribute_list"]["en"] == "oak"
    assert many_queries == few_queries <= 8
