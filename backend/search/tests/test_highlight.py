"""Marking matched words in shown texts: lemmas, folded forms, the unfinished last word; escaped HTML."""
import pytest

from search.highlight import FRAGMENT_SIZE, highlight_rows, highlight_text
from search.queries import read_query

pytestmark = pytest.mark.pure  # no backing service


def marked(text, q, language="cs"):
    query = read_query(q, language)
    return highlight_rows([{"id": 1, "title": text}], query, language).get(1, {}).get("title")


@pytest.mark.postgres
@pytest.mark.django_db  # a word the dictionary lacks is looked up among the catalog's words
def test_lemmas_folded_words_and_the_unfinished_word_are_marked():
    assert marked("Dřevěný jídelní stůl", "dreveny stoly") == ["<mark>Dřevěný</mark> jídelní <mark>stůl</mark>"]
    assert marked("Sada kuchyňských nožů", "kuchyňs") == ["Sada <mark>kuchyňských</mark> nožů"]
    assert marked("Kitchen knives", "knife", "en") == ["Kitchen <mark>knives</mark>"]


def test_nothing_marked_means_no_highlight():
    assert marked("Stolní lampa", "stoly") is None
    assert highlight_rows([{"id": 1, "title": "Stůl"}], read_query("", "cs"), "cs") == {}


@pytest.mark.postgres
@pytest.mark.django_db  # a word the dictionary lacks is looked up among the catalog's words
def test_text_is_html_escaped_and_only_marks_are_added():
    assert marked('Stůl <img src=x onerror="alert(1)"> & židle', "stůl") == [
        "<mark>Stůl</mark> &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; židle"
    ]
    # a lone quote is escaped too (texts without any such character skip escaping), marks included
    assert marked("Stůl 'Oslo'", "stůl") == ["<mark>Stůl</mark> &#x27;Oslo&#x27;"]
    assert marked("Stůl Oslo & <židle>", "židle") == ["Stůl Oslo &amp; &lt;<mark>židle</mark>&gt;"]


@pytest.mark.postgres
@pytest.mark.django_db  # a word the dictionary lacks is looked up among the catalog's words
def test_long_texts_give_at_most_two_fragments_around_the_marks():
    filler = "Slovo navíc bez významu. " * 20
    text = f"{filler}Jídelní stůl z dubu. {filler}Ke stolu se posadí šest osob. {filler}Třetí stůl."
    fragments = highlight_text(text, read_query("stůl", "cs"), "cs")
    assert len(fragments) == 2
    assert all("<mark>" in fragment and len(fragment) < FRAGMENT_SIZE + 40 for fragment in fragments)
    assert "<mark>stůl</mark>" in fragments[0] and "<mark>stolu</mark>" in fragments[1]
