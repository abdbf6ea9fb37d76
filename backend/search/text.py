"""Words and folding, the same way for documents, queries and highlights.

`words()` splits like Elasticsearch's standard tokenizer does for shop text
(runs of letters and digits; "T-shirt" is "T" and "shirt"), and `fold()`
removes diacritics like the `asciifolding` filter, so Python and the index
agree on what a word is.
"""
import re
import unicodedata

WORD = re.compile(r"\w+")
# Letters that NFKD does not decompose into a base letter and a combining mark.
_UNDECOMPOSABLE = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ß": "ss"})


def words(text):
    return WORD.findall(text)


def fold(text):
    """'Červený kůň' -> 'Cerveny kun'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def has_diacritics(word):
    return fold(word) != word


def normalised(text):
    """How staff's rules and the query log name a query: 'Červené  Boty!' -> 'cervene boty'."""
    return " ".join(fold(word.lower()) for word in words(text))
