"""Price limits written into a query: "do 1000 Kč", "pod 500", "od 200 do 500 Kč",
"max 1 000", "under 50", "up to 1000 €", "$20-50".

Read with patterns over the lowercased text (Czech, Slovak and English words
share them: a shop's shoppers mix them). A limit is only read after a word
that says which limit it is; a bare number ("Lyra 328") stays text. Numbers
that overflow the price column, or a range whose ends are reversed, are left
in the text as they were typed: inside the text nothing is an error.
"""
import re
from decimal import Decimal, InvalidOperation

MAX_PRICE = Decimal("9999999999.99")  # the column: 12 digits, 2 decimals
_NUMBER = r"(\d{1,3}(?:[ \u00a0.]\d{3})+|\d+)(?:[.,](\d{1,2}))?"
_CURRENCY = r"(?:kč|kc|czk|korun[a-z]*|,-|€|eur[a-z]*|usd|\$|dolar[a-z]*)"
_AMOUNT = rf"(?:[€$]\s?)?{_NUMBER}(?:\s?{_CURRENCY})?"
_UP_TO = r"(?:do|až do|az do|pod|max\.?|maxim[aá]ln[eě]|nejv[ýy]še|najviac|under|below|up to|at most|less than)"
_FROM = r"(?:od|nad|min\.?|minim[aá]ln[eě]|from|over|above|more than|at least)"
_BETWEEN = r"(?:-|–|do|až|az|to|and)"
_EDGE_BEFORE, _EDGE_AFTER = r"(?<![\w])", r"(?![\w])"

RANGE = re.compile(rf"{_EDGE_BEFORE}({_FROM}|between)?\s*{_AMOUNT}\s*{_BETWEEN}\s*{_AMOUNT}{_EDGE_AFTER}")
UP_TO = re.compile(rf"{_EDGE_BEFORE}{_UP_TO}\s*{_AMOUNT}{_EDGE_AFTER}")
FROM = re.compile(rf"{_EDGE_BEFORE}{_FROM}\s*{_AMOUNT}{_EDGE_AFTER}")
CURRENCY = re.compile(rf"{_CURRENCY}|[€$]")
PATTERNS = ((RANGE, ("price_min", "price_max")), (UP_TO, ("price_max",)), (FROM, ("price_min",)))


def _amount(whole, cents):
    try:
        value = Decimal(re.sub(r"[ \u00a0.]", "", whole) + (f".{cents}" if cents else ""))
    except InvalidOperation:
        return None
    return value if value <= MAX_PRICE else None


def _limits(match, pattern):
    """The values a match stands for, or None: a range needs a word ("od", "between") or a
    currency ("37-42" are sizes, "AB-12-34" a SKU)."""
    groups = match.groups()
    if pattern is RANGE:
        word, groups = groups[0], groups[1:]
        if not word and not CURRENCY.search(match.group(0)):
            return None
    values = [_amount(groups[index], groups[index + 1]) for index in range(0, len(groups), 2)]
    return None if None in values else values


def read_prices(text):
    """({"price_min"/"price_max": (Decimal, matched text)}, the text with those phrases cut out).
    One limit of each kind (the first); a lowest above the highest is no limit at all."""
    lowered = text.lower()
    found: dict[str, tuple] = {}
    spans: dict[str, tuple[int, int]] = {}
    for pattern, kinds in PATTERNS:
        for match in pattern.finditer(lowered):
            if any(kind in found for kind in kinds) or any(
                    start < match.end() and match.start() < end for start, end in spans.values()):
                continue
            values = _limits(match, pattern)
            if values is None:
                continue
            phrase = text[match.start():match.end()].strip()
            for kind, value in zip(kinds, values):
                found[kind], spans[kind] = (value, phrase), (match.start(), match.end())
    if "price_min" in found and "price_max" in found and found["price_min"][0] > found["price_max"][0]:
        return {}, text
    remaining = text
    for start, end in sorted(set(spans.values()), reverse=True):
        remaining = remaining[:start] + " " + remaining[end:]
    return found, " ".join(remaining.split())
