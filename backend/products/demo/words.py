"""Shared words of the demo catalog: colours, materials, sizes, categories, model names.

Adjectives are stems (see grammar.adjective); phrases are written out per
language, already inflected ("z dubového dřeva", "v červené barvě").
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Colour:
    code: str
    cs: str  # adjective stems
    sk: str
    en: str

    def phrase(self, language):
        """'in red': the locative after "v ... barvě" / "v ... farbe"."""
        return {"cs": f"v {self.cs}é barvě", "sk": f"v {self.sk}ej farbe", "en": f"in {self.en}"}[language]

    def value_name(self, language):
        """The attribute value as staff name it: the feminine form, agreeing with barva/farba."""
        from products.demo.grammar import adjective

        return self.en if language == "en" else adjective(getattr(self, language), "f", language)


COLOURS = [
    Colour("red", "červen", "červen", "red"),
    Colour("blue", "modr", "modr", "blue"),
    Colour("green", "zelen", "zelen", "green"),
    Colour("black", "čern", "čiern", "black"),
    Colour("white", "bíl", "biel", "white"),
    Colour("yellow", "žlut", "žlt", "yellow"),
    Colour("grey", "šed", "siv", "grey"),
    Colour("brown", "hněd", "hned", "brown"),
]


@dataclass(frozen=True)
class Material:
    code: str
    stems: dict    # {"cs": "dubov", "sk": "dubov"}: adjective stems
    adjective_en: str
    phrases: dict  # {"cs": "z dubového dřeva", ...}: "made of"
    names: dict    # attribute value names


def _material(code, cs_stem, sk_stem, en, phrases, names):
    return Material(code, {"cs": cs_stem, "sk": sk_stem}, en, dict(zip(("cs", "sk", "en"), phrases)),
                    dict(zip(("cs", "sk", "en"), names)))


MATERIALS = {m.code: m for m in [
    _material("oak", "dubov", "dubov", "oak", ("z dubového dřeva", "z dubového dreva", "in solid oak"),
              ("dub", "dub", "oak")),
    _material("beech", "bukov", "bukov", "beech", ("z bukového dřeva", "z bukového dreva", "in beech wood"),
              ("buk", "buk", "beech")),
    _material("wood", "dřevěn", "dreven", "wooden", ("z masivního dřeva", "z masívneho dreva", "in solid wood"),
              ("dřevo", "drevo", "wood")),
    _material("steel", "ocelov", "oceľov", "steel", ("z oceli", "z ocele", "in steel"), ("ocel", "oceľ", "steel")),
    _material("stainless", "nerezov", "nerezov", "stainless steel",
              ("z nerezové oceli", "z nehrdzavejúcej ocele", "in stainless steel"),
              ("nerez", "nerez", "stainless steel")),
    _material("glass", "skleněn", "sklenen", "glass", ("ze skla", "zo skla", "in glass"), ("sklo", "sklo", "glass")),
    _material("ceramic", "keramick", "keramick", "ceramic", ("z keramiky", "z keramiky", "in ceramic"),
              ("keramika", "keramika", "ceramic")),
    _material("porcelain", "porcelánov", "porcelánov", "porcelain", ("z porcelánu", "z porcelánu", "in porcelain"),
              ("porcelán", "porcelán", "porcelain")),
    _material("enamel", "smaltovan", "smaltovan", "enamel",
              ("ze smaltovaného plechu", "zo smaltovaného plechu", "in enamelled steel"),
              ("smalt", "smalt", "enamel")),
    _material("cast_iron", "litinov", "liatinov", "cast-iron", ("z litiny", "z liatiny", "in cast iron"),
              ("litina", "liatina", "cast iron")),
    _material("cotton", "bavlněn", "bavlnen", "cotton", ("z bavlny", "z bavlny", "in cotton"),
              ("bavlna", "bavlna", "cotton")),
    _material("linen", "lněn", "ľanov", "linen", ("ze lnu", "z ľanu", "in linen"), ("len", "ľan", "linen")),
    _material("leather", "kožen", "kožen", "leather", ("z pravé kůže", "z pravej kože", "in genuine leather"),
              ("kůže", "koža", "leather")),
    _material("wool", "vlněn", "vlnen", "wool", ("z merino vlny", "z merino vlny", "in merino wool"),
              ("vlna", "vlna", "wool")),
    _material("wicker", "proutěn", "prúten", "wicker", ("z proutí", "z prútia", "in wicker"),
              ("proutí", "prútie", "wicker")),
    _material("plastic", "plastov", "plastov", "plastic", ("z plastu", "z plastu", "in plastic"),
              ("plast", "plast", "plastic")),
    _material("bamboo", "bambusov", "bambusov", "bamboo", ("z bambusu", "z bambusu", "in bamboo"),
              ("bambus", "bambus", "bamboo")),
]}

CLOTHING_SIZES = ["XS", "S", "M", "L", "XL"]
SHOE_SIZES = ["37", "38", "39", "40", "41", "42", "43", "44", "45"]

ATTRIBUTE_TYPES = [
    ("colour", "Barva", "Farba", "Colour"),
    ("material", "Materiál", "Materiál", "Material"),
    ("size", "Velikost", "Veľkosť", "Size"),
]

# (code, cs, sk, en, [(leaf code, cs, sk, en), ...])
CATEGORIES = [
    ("furniture", "Nábytek", "Nábytok", "Furniture", [
        ("tables", "Stoly a stolky", "Stoly a stolíky", "Tables"),
        ("chairs", "Židle", "Stoličky", "Chairs"),
        ("storage", "Police a skříně", "Police a skrine", "Shelves and wardrobes"),
    ]),
    ("lighting", "Osvětlení", "Osvetlenie", "Lighting", [("lamps", "Lampy", "Lampy", "Lamps")]),
    ("kitchen", "Kuchyně", "Kuchyňa", "Kitchen", [
        ("knives", "Nože", "Nože", "Knives"),
        ("mugs", "Hrnky a šálky", "Hrnčeky a šálky", "Mugs and cups"),
        ("cookware", "Nádobí", "Riad", "Cookware"),
    ]),
    ("home", "Domácnost", "Domácnosť", "Home", [
        ("baskets", "Koše a košíky", "Koše a košíky", "Baskets"),
        ("textiles", "Bytový textil", "Bytový textil", "Home textiles"),
    ]),
    ("clothing", "Oblečení", "Oblečenie", "Clothing", [
        ("shirts", "Košile a trička", "Košele a tričká", "Shirts and T-shirts"),
        ("outerwear", "Bundy a kabáty", "Bundy a kabáty", "Jackets and coats"),
        ("hats", "Čepice", "Čiapky", "Hats"),
    ]),
    ("footwear", "Obuv", "Obuv", "Footwear", [
        ("shoes", "Boty a tenisky", "Topánky a tenisky", "Shoes and sneakers"),
        ("boots", "Kozačky", "Čižmy", "Boots"),
        ("sandals", "Sandály", "Sandále", "Sandals"),
    ]),
    ("leisure", "Sport a hračky", "Šport a hračky", "Sports and toys", [
        ("table_tennis", "Stolní tenis", "Stolný tenis", "Table tennis"),
        ("toys", "Hračky", "Hračky", "Toys"),
    ]),
    ("accessories", "Doplňky", "Doplnky", "Accessories", [
        ("bags", "Batohy a peněženky", "Batohy a peňaženky", "Bags and wallets"),
    ]),
    # Last, so the other categories keep their ids: the kinds of products.demo.kinds.catalog_only.
    ("presents", "Dárky", "Darčeky", "Gifts", [("gifts", "Drobnosti", "Drobnosti", "Small gifts")]),
]

MODEL_NAMES = [
    "Alfa", "Orion", "Vega", "Luna", "Terra", "Nova", "Atlas", "Lyra", "Sirius", "Tatra",
    "Šumava", "Morava", "Vltava", "Krkonoše", "Fatra", "Pieniny", "Orava", "Jizera",
]

# Sentences every long description may end with (shop policy, not product copy).
SHOP_SENTENCES = {
    "cs": ["Zboží skladem expedujeme do druhého dne.", "Na zboží se vztahuje záruka 24 měsíců.",
           "Vrácení do 30 dnů bez udání důvodu."],
    "sk": ["Tovar na sklade expedujeme do druhého dňa.", "Na tovar sa vzťahuje záruka 24 mesiacov.",
           "Vrátenie do 30 dní bez udania dôvodu."],
    "en": ["Items in stock ship the next working day.", "Covered by a 24-month warranty.",
           "Free returns within 30 days."],
}
