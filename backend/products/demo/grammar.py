"""Adjective agreement for demo titles: "Červený dubový stůl", "Biela vlnená deka".

Hard adjectives in Czech and Slovak end by gender and number: ý/á/é in the
singular, é for the plural of things ("kožené boty"). Slovak's rhythmic law
shortens the ending after a long syllable: "biely", "čierna", but "prútený"
(the syllable before the ending is short). English adjectives do not agree.
"""
import re

ENDINGS = {"m": "ý", "f": "á", "n": "é", "pl": "é"}
SHORT_ENDINGS = {"m": "y", "f": "a", "n": "e", "pl": "e"}
# The last vowel group of a stem decides: a long vowel or a diphthong is a long syllable.
_LAST_VOWELS = re.compile(r"(ie|ia|iu|ô|[aáäeéiíoóuúyý])[^aáäeéiíoóuúyýô]*$")
_LONG = {"á", "é", "í", "ó", "ú", "ý", "ô", "ie", "ia", "iu"}


def adjective(stem, gender, language="cs"):
    """The nominative of a hard adjective for a noun of `gender` (m, f, n, pl)."""
    if language == "sk":
        last = _LAST_VOWELS.search(stem)
        if last and last.group(1) in _LONG:
            return stem + SHORT_ENDINGS[gender]
    return stem + ENDINGS[gender]


def capitalized(text):
    return text[:1].upper() + text[1:]
