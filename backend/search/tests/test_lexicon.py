"""Word forms -> lemmas from simplemma's dictionaries, compiled to SQLite (no services needed)."""
import sqlite3

import pytest
from django.core.management import call_command

from search import lexicon

pytestmark = pytest.mark.pure  # no backing service: the lexicon is a file


@pytest.mark.parametrize(
    "word, language, lemma",
    [
        ("stoly", "cs", "stůl"), ("stolů", "cs", "stůl"), ("stolem", "cs", "stůl"),  # ů/o alternation
        ("nože", "cs", "nůž"), ("koně", "cs", "kůň"), ("domy", "cs", "dům"),
        ("Kuchyňské", "cs", "kuchyňský"),
        ("stoly", "sk", "stôl"), ("nože", "sk", "nôž"),  # ô/o
        ("knives", "en", "knife"), ("mugs", "en", "mug"), ("shelves", "en", "shelf"), ("scarves", "en", "scarf"),
    ],
)
def test_inflected_forms_reach_their_lemma(word, language, lemma):
    assert lexicon.text_lemmas(word, language) == (lemma,)
    assert lemma in lexicon.query_lemmas(word, language)


def test_diminutives_the_dictionary_knows_keep_their_lemma_and_reach_the_base_word():
    assert lexicon.text_lemmas("hrníčky", "cs") == ("hrníček", "hrnek")
    assert lexicon.query_lemmas("hrnicky", "cs") == ("hrníček", "hrnek")
    assert lexicon.text_lemmas("hrníček", "cs") == ("hrníček", "hrnek")
    assert lexicon.lemma_text("Hrníčky a hrnky", "cs") == "hrníček hrnek a hrnek"


def test_a_word_typed_without_diacritics_stands_for_every_word_it_folds_from():
    assert set(lexicon.query_lemmas("noze", "cs")) == {"nůž", "noha"}
    assert lexicon.query_lemmas("kuchynske", "cs") == ("kuchyňský",)
    assert lexicon.query_lemmas("stul", "cs") == ("stůl",)


def test_diacritics_typed_are_trusted():
    assert lexicon.query_lemmas("nože", "cs") == ("nůž",)
    assert lexicon.query_lemmas("noze", "cs")[0] == "noha"  # the exact form comes first
    assert lexicon.text_lemmas("noze", "cs") == ("noha",)  # product text is written with diacritics


def test_diminutives_merge_but_negations_and_other_words_do_not():
    assert lexicon.text_lemmas("nedostatečného", "cs") == ("nedostatečný",)
    assert lexicon.text_lemmas("nerezová", "cs") == ("nerezový",)
    assert lexicon.text_lemmas("košile", "cs") == ("košile",)
    assert lexicon.text_lemmas("peněženka", "cs") == ("peněženka",)


def test_unknown_words_and_languages_stay_as_typed():
    assert lexicon.text_lemmas("Zentrix", "cs") == ("zentrix",)
    assert lexicon.query_lemmas("XJ-500", "cs") == ("xj-500",)
    assert lexicon.text_lemmas("stoly", "xx") == ("stoly",)
    assert not lexicon.is_known("Zentrix", "cs") and lexicon.is_known("stoly", "cs")


def test_lemma_text_reads_a_whole_text():
    assert lexicon.lemma_text("Dřevěné jídelní stoly, 160 × 90", "cs") == "dřevěný jídelní stůl 160 90"


def test_build_lexicon_compiles_once_and_then_reuses_the_file(settings, tmp_path, capsys):
    settings.SEARCH_LEXICON_DIR = str(tmp_path)
    call_command("build_lexicon", "en", "xx")
    path = lexicon.lexicon_path("en")
    assert path.parent.parent == tmp_path and path.exists()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT lemma FROM exact WHERE form = 'knives'").fetchone() == ("knife",)
    call_command("build_lexicon", "en")
    output = capsys.readouterr().out
    assert "en: done in" in output and "is up to date" in output
    assert "xx: simplemma has no dictionary" in output
