"""The kinds of product the demo shop sells, with their copy in cs, sk and en.

Each kind names its noun phrase per language (the grammatical gender makes the
colour and material adjectives agree) and a few description sentences written
as a shop would, with the nouns inflected (stolu, nože, hrníčky, knives).
Slots in sentences: {material} ("z dubového dřeva"), {colour} ("v červené
barvě"), {model} ("Tatra 412"). The SKU prefix tells a product's kind, which
the relevance benchmark's judgments read.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Noun:
    text: str         # as in a title: "jídelní stůl", "kožené boty" -> "boty"
    gender: str       # m, f, n or pl: what adjectives before it agree with ("" in English)
    sentences: tuple  # description sentences with {material}, {colour}, {model} slots


@dataclass(frozen=True)
class Kind:
    code: str
    sku: str          # SKU prefix, e.g. "TBL"
    category: str     # leaf category code (products.demo.words.CATEGORIES)
    materials: tuple  # material codes this kind is made of
    prices: tuple     # (lowest, highest) price in whole crowns
    cs: Noun
    sk: Noun
    en: Noun
    sizes: str = ""   # "clothing" or "shoes": gets a size attribute

    def noun(self, language):
        return getattr(self, language)


def noun(text, gender, *sentences):
    return Noun(text, gender, sentences)


def _all_kinds():
    from products.demo.kinds import furniture, home, kitchen, leisure, wear

    return [*furniture.KINDS, *kitchen.KINDS, *home.KINDS, *wear.KINDS, *leisure.KINDS]


KINDS = _all_kinds()


def _catalog_only_kinds():
    from products.demo.kinds import catalog_only

    return catalog_only.KINDS


# Made after KINDS from a random stream of their own (products.demo.catalog).
CATALOG_ONLY_KINDS = _catalog_only_kinds()
KINDS_BY_SKU = {kind.sku: kind for kind in KINDS + CATALOG_ONLY_KINDS}
