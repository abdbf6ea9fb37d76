"""Words for demo products in Czech, Slovak and English, with grammatical gender,
so generated titles read naturally ("Červená kožená bota", "Modrý dřevěný stůl")."""
import re

# (code, category, (cs noun, cs gender), (sk noun, sk gender), en noun)
NOUNS = [
    ("shoe", "footwear", ("bota", "f"), ("topánka", "f"), "shoe"),
    ("sandal", "footwear", ("sandál", "m"), ("sandál", "m"), "sandal"),
    ("boot", "footwear", ("kozačka", "f"), ("čižma", "f"), "boot"),
    ("jacket", "clothing", ("bunda", "f"), ("bunda", "f"), "jacket"),
    ("tshirt", "clothing", ("tričko", "n"), ("tričko", "n"), "T-shirt"),
    ("shirt", "clothing", ("košile", "f"), ("košeľa", "f"), "shirt"),
    ("coat", "clothing", ("kabát", "m"), ("kabát", "m"), "coat"),
    ("cap", "clothing", ("čepice", "f"), ("čiapka", "f"), "cap"),
    ("table", "furniture", ("stůl", "m"), ("stôl", "m"), "table"),
    ("chair", "furniture", ("židle", "f"), ("stolička", "f"), "chair"),
    ("lamp", "furniture", ("lampa", "f"), ("lampa", "f"), "lamp"),
    ("mug", "kitchen", ("hrnek", "m"), ("hrnček", "m"), "mug"),
    ("kettle", "kitchen", ("konvice", "f"), ("kanvica", "f"), "kettle"),
    ("bowl", "kitchen", ("miska", "f"), ("miska", "f"), "bowl"),
    ("backpack", "accessories", ("batoh", "m"), ("batoh", "m"), "backpack"),
    ("wallet", "accessories", ("peněženka", "f"), ("peňaženka", "f"), "wallet"),
]

# Adjective stems: masculine/feminine/neuter endings are ý/á/é in both languages.
# (code, cs stem, sk stem, en, cs value name, sk value name)
COLOURS = [
    ("red", "červen", "červen", "red", "červená", "červená"),
    ("blue", "modr", "modr", "blue", "modrá", "modrá"),
    ("green", "zelen", "zelen", "green", "zelená", "zelená"),
    ("black", "čern", "čiern", "black", "černá", "čierna"),
    ("white", "bíl", "biel", "white", "bílá", "biela"),
    ("yellow", "žlut", "žlt", "yellow", "žlutá", "žltá"),
]

# (code, cs stem, sk stem, en adjective, cs value name, sk value name, en value name)
MATERIALS = [
    ("leather", "kožen", "kožen", "leather", "kůže", "koža", "leather"),
    ("cotton", "bavlněn", "bavlnen", "cotton", "bavlna", "bavlna", "cotton"),
    ("wood", "dřevěn", "dreven", "wooden", "dřevo", "drevo", "wood"),
    ("wool", "vlněn", "vlnen", "woollen", "vlna", "vlna", "wool"),
    ("steel", "ocelov", "oceľov", "steel", "ocel", "oceľ", "steel"),
    ("ceramic", "keramick", "keramick", "ceramic", "keramika", "keramika", "ceramic"),
]

SIZES = ["xs", "s", "m", "l", "xl"]

ENDINGS = {"m": "ý", "f": "á", "n": "é"}
# Slovak rhythmic law: after a long syllable the ending is short (čierny, čierna, biele).
SHORT_ENDINGS = {"m": "y", "f": "a", "n": "e"}
LONG_SYLLABLE = re.compile(r"[áéíóúýô]|ie|ia|iu")

# (code, cs, sk, en)
TOP_CATEGORIES = [
    ("footwear", "Obuv", "Obuv", "Footwear"),
    ("clothing", "Oblečení", "Oblečenie", "Clothing"),
    ("furniture", "Nábytek", "Nábytok", "Furniture"),
    ("kitchen", "Kuchyně", "Kuchyňa", "Kitchen"),
    ("accessories", "Doplňky", "Doplnky", "Accessories"),
]
SUB_CATEGORIES = [
    ("premium", "Prémiové", "Prémiové", "Premium"),
    ("basic", "Základní", "Základné", "Basic"),
]

ATTRIBUTE_TYPES = [
    ("colour", "Barva", "Farba", "Colour"),
    ("material", "Materiál", "Materiál", "Material"),
    ("size", "Velikost", "Veľkosť", "Size"),
]

MODEL_NAMES = [
    "Alfa", "Beta", "Orion", "Vega", "Luna", "Terra", "Nova", "Atlas", "Lyra", "Sirius",
    "Tatra", "Šumava", "Morava", "Vltava", "Krkonoše", "Fatra", "Pieniny", "Orava",
]


def adjective(stem, gender, language="cs"):
    if language == "sk" and LONG_SYLLABLE.search(stem):
        return stem + SHORT_ENDINGS[gender]
    return stem + ENDINGS[gender]
