"""Judged queries that ask for more than words (tag "intent"): a price limit ("do 1000 Kč",
"under 500"), an order ("nejlevnější", "most expensive", "novinky"), an attribute value
("červené", "modrá") or a department ("nábytek", "obuv"), and their combinations.

Limits are the numbers as typed, whatever the currency word ("up to 1000 €"): the demo
shop has one price per product. They are picked from the demo kinds' price ranges
(products.demo.kinds) so that some, never all, of the kind asked for are inside them.
"""
from lib.relevance.groups import (
    BACKPACKS, CHAIRS, DESKS, FOOTWEAR, FURNITURE, JACKETS, KETTLES, KNIVES, LAMPS, MUGS, SANDALS, SHIRTS,
    SHOES, SNEAKERS, TABLES, TOWELS, TSHIRTS, WALLETS,
)
from lib.relevance.judged import judged, q

MUGS_ONLY = {"mug": 3, "espresso_cup": 1}
SHIRTS_EN = {"shirt": 3, "tshirt": 2}


def _intent(language, rows):
    return judged(language, [(text, kinds, ("intent", *tags), constraints) for text, kinds, tags, constraints in rows])


QUERIES = _intent("cs", [
    q("boty do 1500 Kč", SHOES, "price", price_max=1500),
    q("židle pod 2000", CHAIRS, "price", price_max=2000),
    q("stoly od 5000 do 10000 Kč", TABLES, "price", price_min=5000, price_max=10000),
    q("nože max 1 000", KNIVES, "price", price_max=1000),
    q("sandály od 1500 Kč", SANDALS, "price", price_min=1500),
    q("nejlevnější hrnky", MUGS, "order", sort="price"),
    q("levné lampy", LAMPS, "order", sort="price"),
    q("nejdražší stoly", TABLES, "order", sort="-price"),
    q("novinky batohy", BACKPACKS, "order", sort="newest"),
    q("modrá trička", TSHIRTS, "attribute", colour="blue"),
    q("černé bundy", JACKETS, "attribute", colour="black"),
    q("červené košile", SHIRTS, "attribute", colour="red"),
    q("nábytek do 3000 Kč", FURNITURE, "category", "price", price_max=3000),
    q("nejlevnější obuv", FOOTWEAR, "category", "order", sort="price"),
    q("červené boty do 2000 Kč", SHOES, "attribute", "price", colour="red", price_max=2000),
    q("bílé hrnky do 300 Kč", MUGS, "attribute", "price", colour="white", price_max=300),
    q("nejlevnější červené tenisky", SNEAKERS, "attribute", "order", colour="red", sort="price"),
    q("šedé ručníky pod 500", TOWELS, "attribute", "price", colour="grey", price_max=500),
])

QUERIES += _intent("sk", [
    q("topánky do 1500 €", SHOES, "price", price_max=1500),
    q("stoličky pod 2000", CHAIRS, "price", price_max=2000),
    q("písacie stoly od 3000 do 6000 €", DESKS, "price", price_min=3000, price_max=6000),
    q("nože max 1 000", KNIVES, "price", price_max=1000),
    q("rýchlovarné kanvice do 1000", KETTLES, "price", price_max=1000),
    q("najlacnejšie hrnčeky", MUGS_ONLY, "order", sort="price"),
    q("lacné lampy", LAMPS, "order", sort="price"),
    q("najdrahšie stoly", TABLES, "order", sort="-price"),
    q("novinky peňaženky", WALLETS, "order", sort="newest"),
    q("modré tričká", TSHIRTS, "attribute", colour="blue"),
    q("čierne bundy", JACKETS, "attribute", colour="black"),
    q("červené košele", SHIRTS, "attribute", colour="red"),
    q("obuv do 2000 €", FOOTWEAR, "category", "price", price_max=2000),
    q("najlacnejší nábytok", FURNITURE, "category", "order", sort="price"),
    q("červené topánky do 2000 €", SHOES, "attribute", "price", colour="red", price_max=2000),
    q("biele hrnčeky do 300 €", MUGS_ONLY, "attribute", "price", colour="white", price_max=300),
    q("najlacnejšie červené tenisky", SNEAKERS, "attribute", "order", colour="red", sort="price"),
    q("sivé uteráky pod 500", TOWELS, "attribute", "price", colour="grey", price_max=500),
])

QUERIES += _intent("en", [
    q("shoes under 1500", SHOES, "price", price_max=1500),
    q("chairs under 2000", CHAIRS, "price", price_max=2000),
    q("desks from 3000 to 6000", DESKS, "price", price_min=3000, price_max=6000),
    q("knives up to 1000 €", KNIVES, "price", price_max=1000),
    q("wallets under 500", WALLETS, "price", price_max=500),
    q("cheapest mugs", MUGS_ONLY, "order", sort="price"),
    q("cheap lamps", LAMPS, "order", sort="price"),
    q("most expensive tables", TABLES, "order", sort="-price"),
    q("newest sneakers", SNEAKERS, "order", sort="newest"),
    q("blue t-shirts", TSHIRTS, "attribute", colour="blue"),
    q("red shirts", SHIRTS_EN, "attribute", colour="red"),
    q("black jackets", JACKETS, "attribute", colour="black"),
    q("footwear max 2000", FOOTWEAR, "category", "price", price_max=2000),
    q("cheapest furniture", FURNITURE, "category", "order", sort="price"),
    q("red shoes under 2000", SHOES, "attribute", "price", colour="red", price_max=2000),
    q("white mugs under 300", MUGS_ONLY, "attribute", "price", colour="white", price_max=300),
    q("cheapest red sneakers", SNEAKERS, "attribute", "order", colour="red", sort="price"),
    q("grey towels below 500", TOWELS, "attribute", "price", colour="grey", price_max=500),
])
