"""Judged queries of the four families of issue 25, in cs, sk and en:

- related: a material or place noun where titles say the adjective made from it
  ("ocel" -> ocelový, "vlna" -> vlněný) or the other way round ("moravský" -> Morava);
  a material named alone wants products of that material only (any kind);
- identifier: SKUs typed without or with other separators, title model numbers
  written together, with a dash or after the kind's word;
- realword: typos that are themselves dictionary words the catalog does not use ("lamb"
  for lamp, "body" for boty, "vidle" for židle);
- catalog-only: words the lemma dictionary lacks, in forms the titles do not use
  (products.demo.kinds.catalog_only: kastrůlky, tanierčeky, tealight).
"""
from lib.relevance.groups import (
    ANY_BASKETS, BASKETS, BLANKETS, BOOTS, BOWLS, CHAIRS, COATS, HATS, JACKETS, KETTLES, LAMPS, MUGS, SANDALS, SHELVES,
    SHIRTS, SHOES, SNEAKERS, STEELS, TABLES, TOWELS, WALLETS, WOOD, any_kind,
)
from lib.relevance.judged import ModelQuery, SkuQuery, judged, q

FAMILIES = ("related", "identifier", "realword", "catalog-only")
PLATES, SAUCEPANS, SEAT_PADS = {"side_plate": 3}, {"saucepan": 3}, {"seat_pad": 3}
TEALIGHTS, LUNCHBOXES, PLACEMATS = {"tealight_holder": 3}, {"lunchbox": 3}, {"placemat": 3}
SKU = ("identifier", "sku")


def _queries():
    anything = any_kind()
    related = [
        ("cs", [
            q("ocel", anything, "related", materials=STEELS),
            q("dřevo", anything, "related", materials=WOOD),
            q("sklo", anything, "related", materials=("glass",)),
            q("keramika", anything, "related", materials=("ceramic",)),
            q("porcelán", anything, "related", materials=("porcelain",)),
            q("bavlna", anything, "related", materials=("cotton",)),
            q("kůže", anything, "related", materials=("leather",)),
            q("litina", anything, "related", materials=("cast_iron",)),
            q("vlna", anything, "related", materials=("wool",)),
            q("len", anything, "related", materials=("linen",)),
            q("stůl dub", TABLES, "related", "multi-word", materials=("oak",)),
            q("deka vlna", BLANKETS, "related", "multi-word", materials=("wool",)),
            q("košile len", SHIRTS, "related", "multi-word", materials=("linen",)),
            q("koš proutí", BASKETS, "related", "multi-word", materials=("wicker",)),
            q("moravský hrnek", MUGS, "related", "multi-word", title_word="morava"),
            q("krkonošské boty", SHOES, "related", "multi-word", title_word="krkonoše"),
        ]),
        ("sk", [
            q("oceľ", anything, "related", materials=STEELS),
            q("drevo", anything, "related", materials=WOOD),
            q("sklo", anything, "related", materials=("glass",)),
            q("keramika", anything, "related", materials=("ceramic",)),
            q("porcelán", anything, "related", materials=("porcelain",)),
            q("bavlna", anything, "related", materials=("cotton",)),
            q("koža", anything, "related", materials=("leather",)),
            q("liatina", anything, "related", materials=("cast_iron",)),
            q("vlna", anything, "related", materials=("wool",)),
            q("ľan", anything, "related", materials=("linen",)),
            q("stôl dub", TABLES, "related", "multi-word", materials=("oak",)),
            q("deka vlna", BLANKETS, "related", "multi-word", materials=("wool",)),
            q("košeľa ľan", SHIRTS, "related", "multi-word", materials=("linen",)),
            q("kôš prútie", BASKETS, "related", "multi-word", materials=("wicker",)),
            q("oravský kôš", BASKETS, "related", "multi-word", title_word="orava"),
            q("tatranské topánky", SHOES, "related", "multi-word", title_word="tatra"),
        ]),
        ("en", [
            q("wood", anything, "related", materials=WOOD),
            q("wool", anything, "related", materials=("wool",)),
            q("leather", anything, "related", materials=("leather",)),
            q("bamboo", anything, "related", materials=("bamboo",)),
            q("wood table", TABLES, "related", "multi-word", materials=WOOD),
            q("wool coat", COATS, "related", "multi-word", materials=("wool",)),
            q("linen shirt", SHIRTS, "related", "multi-word", materials=("linen",)),
            q("wicker basket", ANY_BASKETS, "related", "multi-word", materials=("wicker",)),
            q("oak chair", CHAIRS, "related", "multi-word", materials=("oak",)),
        ]),
    ]
    realword = [
        ("cs", [
            q("masky", BOWLS, "realword", "typo"),
            q("vidle", CHAIRS, "realword", "typo"),
            q("body", SHOES, "realword", "typo"),
            q("bandy", JACKETS, "realword", "typo"),
            q("skandály", SANDALS, "realword", "typo"),
            q("tenisty", SNEAKERS, "realword", "typo"),
            q("palice", SHELVES, "realword", "typo"),
            q("roty", SHOES, "realword", "typo"),
        ]),
        ("sk", [
            q("lamy", LAMPS, "realword", "typo"),
            q("bandy", JACKETS, "realword", "typo"),
            q("skandále", SANDALS, "realword", "typo"),
            q("menisky", SNEAKERS, "realword", "typo"),
            q("palice", SHELVES, "realword", "typo"),
            q("mušky", BOWLS, "realword", "typo"),
            q("čiarky", HATS, "realword", "typo"),
            q("rabáty", COATS, "realword", "typo"),
        ]),
        ("en", [
            q("lamb", LAMPS, "realword", "typo"),
            q("boats", BOOTS, "realword", "typo"),
            q("goats", COATS, "realword", "typo"),
            q("towers", TOWELS, "realword", "typo"),
            q("ballets", WALLETS, "realword", "typo"),
            q("scandals", SANDALS, "realword", "typo"),
            q("bowels", BOWLS, "realword", "typo"),
            q("settle", KETTLES, "realword", "typo"),
        ]),
    ]
    catalog_only = [
        ("cs", [
            q("kastrůlek", SAUCEPANS, "catalog-only"),
            q("kastrůlku", SAUCEPANS, "catalog-only"),
            q("kastrůlků", SAUCEPANS, "catalog-only"),
            q("kastrulky", SAUCEPANS, "catalog-only", "no-diacritics"),
            q("talířek", PLATES, "catalog-only"),
            q("talířků", PLATES, "catalog-only"),
            q("porcelánový talířek", PLATES, "catalog-only", "multi-word", materials=("porcelain",)),
            q("podsedák", SEAT_PADS, "catalog-only"),
            q("podsedáků", SEAT_PADS, "catalog-only"),
        ]),
        ("sk", [
            q("tanierček", PLATES, "catalog-only"),
            q("tanierčekov", PLATES, "catalog-only"),
            q("tanierčekoch", PLATES, "catalog-only"),
            q("tanierceky", PLATES, "catalog-only", "no-diacritics"),
            q("vankúšička", SEAT_PADS, "catalog-only"),
            q("vankúšičiek", SEAT_PADS, "catalog-only"),
            q("vankúšičkami", SEAT_PADS, "catalog-only"),
            q("ľanové vankúšičky", SEAT_PADS, "catalog-only", "multi-word", materials=("linen",)),
        ]),
        ("en", [
            q("tealights", TEALIGHTS, "catalog-only"),
            q("tealight holders", TEALIGHTS, "catalog-only", "multi-word"),
            q("glass tealight holders", TEALIGHTS, "catalog-only", "multi-word", materials=("glass",)),
            q("lunchboxes", LUNCHBOXES, "catalog-only"),
            q("bamboo lunchboxes", LUNCHBOXES, "catalog-only", "multi-word", materials=("bamboo",)),
            q("placemats", PLACEMATS, "catalog-only"),
            q("linen placemats", PLACEMATS, "catalog-only", "multi-word", materials=("linen",)),
        ]),
    ]
    queries = []
    for family in (related, realword, catalog_only):
        for language, rows in family:
            queries += judged(language, rows)
    return queries


IDENTIFIERS = [
    SkuQuery("cs", "knife", 21, "compact", SKU), SkuQuery("cs", "table", 8, "compact-lower", SKU),
    SkuQuery("cs", "mug", 13, "space", SKU), SkuQuery("cs", "shirt", 5, "slash", SKU),
    ModelQuery("cs", "table", 3, "together"), ModelQuery("cs", "chair", 2, "dash"),
    ModelQuery("cs", "mug", 6, "noun-together", noun="hrnek"), ModelQuery("cs", "boots", 4, "together"),
    SkuQuery("sk", "pan", 3, "compact-lower", SKU), SkuQuery("sk", "hat", 7, "dot", SKU),
    SkuQuery("sk", "table_lamp", 2, "underscore", SKU), SkuQuery("sk", "coat", 9, "compact", SKU),
    ModelQuery("sk", "shoes", 5, "together"), ModelQuery("sk", "wardrobe", 1, "dash"),
    ModelQuery("sk", "knife", 8, "noun-together", noun="nôž"), ModelQuery("sk", "towel", 3, "together"),
    SkuQuery("en", "kettle", 4, "compact-lower", SKU), SkuQuery("en", "bowl", 6, "space", SKU),
    SkuQuery("en", "sandals", 2, "slash", SKU), SkuQuery("en", "desk", 5, "compact", SKU),
    ModelQuery("en", "backpack", 3, "together"), ModelQuery("en", "blanket", 2, "dash"),
    ModelQuery("en", "mug", 9, "noun-together", noun="mug"), ModelQuery("en", "sneakers", 6, "together"),
]


def queries():
    return _queries() + IDENTIFIERS
