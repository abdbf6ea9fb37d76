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


_SEPARATORS = re.compile(r"[\W_]+")
_LETTERS_THEN_DIGITS = re.compile(r"([^\W\d_]+)[\s\-_/.]+(?=\d)")


def compact_identifier(text: str) -> str:
    """A SKU as `sku_compact` indexes it: folded, lowercase, no separators."""
    return _SEPARATORS.sub("", fold(text)).lower()


def joined_model_numbers(text: str) -> list[str]:
    """The words of `text` that are letters and digits once a separator between them is
    dropped ("Lyra 328", "lyra-328" -> ["lyra328"]): a title's model numbers (`model_numbers`)."""
    joined = _LETTERS_THEN_DIGITS.sub(r"\1", fold(text).lower())
    return [word for word in _SEPARATORS.split(joined)
            if any(char.isdigit() for char in word) and any(char.isalpha() for char in word)]
