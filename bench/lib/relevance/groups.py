"""Grades by kind shared by the three languages' judged queries."""
TABLES = {"table": 3, "desk": 3, "coffee_table": 2}
DINING_TABLES = {"table": 3, "desk": 1, "coffee_table": 1}
DESKS = {"desk": 3, "table": 1}
COFFEE_TABLES = {"coffee_table": 3, "table": 1}
CHAIRS = {"chair": 3}
LAMPS = {"table_lamp": 3, "floor_lamp": 3}
TABLE_LAMPS = {"table_lamp": 3, "floor_lamp": 1}
FLOOR_LAMPS = {"floor_lamp": 3, "table_lamp": 1}
SHELVES = {"shelf": 3, "wardrobe": 1}
WARDROBES = {"wardrobe": 3, "shelf": 1}
KNIVES = {"knife": 3, "knife_set": 3}
KNIFE = {"knife": 3, "knife_set": 2}
KNIFE_SETS = {"knife_set": 3, "knife": 1}
MUGS = {"mug": 3, "espresso_cup": 2}
SMALL_MUGS = {"espresso_cup": 3, "mug": 2}
CUPS = {"espresso_cup": 3, "mug": 1}
KETTLES = {"kettle": 3}
BOWLS = {"bowl": 3}
PANS = {"pan": 3, "pot": 1}
POTS = {"pot": 3, "pan": 1}
BASKETS = {"laundry_basket": 3, "shopping_basket": 2, "bread_basket": 2}
SMALL_BASKETS = {"shopping_basket": 3, "bread_basket": 3, "laundry_basket": 2}
ANY_BASKETS = {"laundry_basket": 3, "shopping_basket": 3, "bread_basket": 3}
LAUNDRY_BASKETS = {"laundry_basket": 3, "shopping_basket": 1, "bread_basket": 1}
BLANKETS = {"blanket": 3}
CUSHIONS = {"cushion": 3}
TOWELS = {"towel": 3}
SHIRTS = {"shirt": 3, "tshirt": 1}
TSHIRTS = {"tshirt": 3, "shirt": 1}
JACKETS = {"jacket": 3, "coat": 1}
COATS = {"coat": 3, "jacket": 1}
HATS = {"hat": 3}
SHOES = {"shoes": 3, "sneakers": 2, "boots": 2, "sandals": 1}
BOOTS = {"boots": 3, "shoes": 1}
SANDALS = {"sandals": 3, "shoes": 1}
SNEAKERS = {"sneakers": 3, "shoes": 2}
TT_BATS = {"tt_bat": 3}
ROCKING_HORSES = {"rocking_horse": 3}
DOLLHOUSES = {"dollhouse": 3}
BACKPACKS = {"backpack": 3}
WALLETS = {"wallet": 3}
# "kuchyň" (kitchen, or kuchyňský being typed): the kitchen department, knives ("kuchyňský nůž") first.
KITCHEN_WORD = {"knife": 3, "knife_set": 3, "kettle": 2, "pan": 2, "pot": 2, "bowl": 2, "mug": 2,
                "espresso_cup": 2}
TABLE_WORD = {"table_lamp": 3, "tt_bat": 3}  # "stolní": table lamps and table tennis
WOOD = ("wood", "oak", "beech")
# Departments named by their category ("nábytek", "obuv"): every kind in them.
FURNITURE = {"table": 3, "desk": 3, "coffee_table": 3, "chair": 3, "shelf": 3, "wardrobe": 3}
FOOTWEAR = {"shoes": 3, "boots": 3, "sandals": 3, "sneakers": 3}
STEELS = ("steel", "stainless")  # "ocel": stainless steel is steel too


def any_kind():
    """A material named alone ("ocel", "vlna"): every kind, graded 2, narrowed to the material
    (a product of another material gets 0)."""
    from products.demo.kinds import CATALOG_ONLY_KINDS, KINDS

    return {kind.code: 2 for kind in KINDS + CATALOG_ONLY_KINDS}
