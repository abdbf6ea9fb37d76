"""Words that ask for an order: "nejlevnější", "levné", "najlacnejšie", "cheapest" (price
ascending); "nejdražší", "most expensive" (descending); "novinky", "newest" (newest first);
"nejoblíbenější", "najobľúbenejšie", "most popular" (what shoppers click most: sort=popular).

Forms are listed as shoppers type them, with and without diacritics, except
where the bare form is also a catalog word ("Nova" is a model name: only
"nová" with its accent asks for new products).
"""
import re

_FORMS = {
    "cs": {
        "price": "nejlevnější nejlevnejsi nejlevnějších nejlevnejsich nejlevnějším levné levne levný levny levná "
                 "levna levných levnych levnější levnejsi",
        "-price": "nejdražší nejdrazsi nejdražších nejdrazsich",
        "newest": "novinky novinka nejnovější nejnovejsi nejnovějších nejnovejsich nové nová nový nových",
        "popular": "nejoblíbenější nejoblibenejsi nejoblíbenějších nejoblibenejsich nejprodávanější "
                   "nejprodavanejsi nejprodávanějších nejprodavanejsich bestseller bestsellery",
    },
    "sk": {
        "price": "najlacnejšie najlacnejsie najlacnejší najlacnejsi najlacnejšia najlacnejsia najlacnejších "
                 "najlacnejsich lacné lacne lacný lacny lacná lacna lacných lacnych lacnejšie lacnejsie",
        "-price": "najdrahšie najdrahsie najdrahší najdrahsi najdrahšia najdrahsia najdrahších najdrahsich",
        "newest": "novinky novinka najnovšie najnovsie najnovší najnovsi nové nová nový nových",
        "popular": "najobľúbenejšie najoblubenejsie najobľúbenejší najoblubenejsi najobľúbenejšia "
                   "najoblubenejsia najobľúbenejších najoblubenejsich najpredávanejšie najpredavanejsie "
                   "najpredávanejší najpredavanejsi bestseller bestsellery",
    },
    "en": {
        "price": "cheap cheapest cheaper inexpensive",
        "-price": "priciest",
        "newest": "newest latest new",
        "popular": "bestseller bestsellers bestselling",
    },
}
_PHRASES = {
    "en": {"price": ("lowest price", "low price"), "-price": ("most expensive", "highest price"),
           "newest": ("new arrivals",), "popular": ("most popular", "best selling", "best sellers")},
}
SORT_WORDS = {language: {form: sort for sort, forms in kinds.items() for form in forms.split()}
              for language, kinds in _FORMS.items()}


def read_sort(text, language):
    """(sort, the words that said it) or None; the first such word or phrase wins."""
    lowered = text.lower()
    for sort, phrases in _PHRASES.get(language, {}).items():
        for phrase in phrases:
            match = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", lowered)
            if match:
                return sort, text[match.start():match.end()]
    forms = SORT_WORDS.get(language, {})
    for match in re.finditer(r"\w+", lowered):
        if match.group(0) in forms:
            return forms[match.group(0)], text[match.start():match.end()]
    return None


def cut(text, phrase):
    """`text` without the first occurrence of `phrase` as a whole word (or words), spaces tidied."""
    match = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)
    if not match:
        return text
    return " ".join((text[:match.start()] + " " + text[match.end():]).split())
