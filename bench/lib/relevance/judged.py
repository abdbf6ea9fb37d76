"""What a judged query is and how it grades a product (0-3).

Judgments are written as the kinds of product a shopper typing the query
wants (3: what was asked for, 2: a close alternative, 1: loosely related,
0: wrong), optionally narrowed by colour, material or a word of the title
(a model line). A product of a graded kind that misses the narrowing gets two
grades less. A price limit the query states ("do 1000 Kč") is a hard one: a
product outside it is graded 0. An order it asks for ("nejlevnější") grades
the products of the kind asked for by position in that order: the first third
3, the middle third 2, the rest 1 (alternatives 1 at most), so nDCG rewards
the order. Because the demo catalog is generated, the rules grade every
product of it, so the ideal ranking (for nDCG) is known exactly.
"""
import re
from dataclasses import dataclass, field, replace

# What an order sorts by, as the search sorts (search.selectors.elastic.SORT_FIELDS).
ORDER_KEYS = {
    "price": lambda p: (p.price, p.id),
    "-price": lambda p: (-p.price, p.id),
    "newest": lambda p: (-p.created, -p.id),
}


@dataclass(frozen=True)
class Product:
    id: int
    sku: str
    kind: str
    colour: str
    material: str
    titles: dict  # {language: title}
    price: float = 0.0
    created: float = 0.0  # created_at as a timestamp
    values: frozenset = frozenset()  # attribute value ids


@dataclass(frozen=True)
class Judged:
    language: str
    text: str
    kinds: dict = field(default_factory=dict)
    tags: tuple = ()
    colour: str = ""
    materials: tuple = ()
    title_word: str = ""
    sku: str = ""  # a SKU query: only this product is relevant
    model: str = ""  # a model number query: the products whose title carries it are
    price_min: float | None = None
    price_max: float | None = None
    sort: str = ""  # price, -price, newest
    ordered: dict = field(default_factory=dict, compare=False)  # {product id: grade} once resolved

    def base_grade(self, product):
        """The grade before any order: kind, narrowing, price limits."""
        if self.sku:
            return 3 if product.sku == self.sku else 0
        if self.model:
            return 3 if self.model.lower() in product.titles[self.language].lower() else 0
        if (self.price_min is not None and product.price < self.price_min) or (
                self.price_max is not None and product.price > self.price_max):
            return 0
        grade = self.kinds.get(product.kind, 0)
        narrowed = (
            (self.colour and product.colour != self.colour)
            or (self.materials and product.material not in self.materials)
            or (self.title_word and self.title_word.lower() not in product.titles[self.language].lower().split())
        )
        return max(grade - 2, 0) if narrowed else grade

    def grade(self, product):
        grade = self.base_grade(product)
        if not self.sort or not grade:
            return grade
        assert self.ordered, "a query asking for an order is graded once resolved against the catalog"
        return self.ordered.get(product.id, min(grade, 1))

    def resolve(self, products):
        """This query with its order's grades for `products` (itself when it asks for none)."""
        if not self.sort:
            return self
        asked = sorted((p for p in products if self.base_grade(p) == 3), key=ORDER_KEYS[self.sort])
        thirds = {p.id: 3 - (3 * position) // len(asked) for position, p in enumerate(asked)}
        return replace(self, ordered=thirds)


# How a shopper may type a SKU ("KNF-000670") or a title's model number ("Lyra 328").
SKU_STYLES = {
    "exact": lambda sku: sku, "lower": str.lower,
    "compact": lambda sku: sku.replace("-", ""), "compact-lower": lambda sku: sku.replace("-", "").lower(),
    "space": lambda sku: sku.replace("-", " ").lower(), "slash": lambda sku: sku.replace("-", "/"),
    "dot": lambda sku: sku.replace("-", ".").lower(), "underscore": lambda sku: sku.replace("-", "_"),
}
MODEL_STYLES = {
    "together": lambda model, noun: model.replace(" ", "").lower(),
    "apart": lambda model, noun: model.lower(),
    "dash": lambda model, noun: model.replace(" ", "-"),
    "noun-together": lambda model, noun: f"{noun} {model.replace(' ', '').lower()}",
}
_MODEL = re.compile(r"\b(\w+ \d{3})\b")


def _nth_of_kind(products, kind, nth):
    of_kind = sorted((p for p in products if p.kind == kind), key=lambda p: p.id)
    return of_kind[nth % len(of_kind)]


@dataclass(frozen=True)
class SkuQuery:
    """A SKU query, resolved against the catalog: the `nth` published product of `kind`,
    its SKU typed in `style` (SKU_STYLES); only that product is relevant."""
    language: str
    kind: str
    nth: int
    style: str = "exact"
    tags: tuple = ("sku",)

    def resolve(self, products):
        sku = _nth_of_kind(products, self.kind, self.nth).sku
        return Judged(self.language, SKU_STYLES[self.style](sku), tags=self.tags, sku=sku)


@dataclass(frozen=True)
class ModelQuery:
    """A title's model number ("Lyra 328") typed in `style` (MODEL_STYLES), from the `nth`
    published product of `kind`: every product whose title carries that model is relevant."""
    language: str
    kind: str
    nth: int
    style: str = "together"
    noun: str = ""  # the kind's word typed before it (noun-together)
    tags: tuple = ("identifier", "model")

    def resolve(self, products):
        product = _nth_of_kind(products, self.kind, self.nth)
        model = _MODEL.findall(product.titles[self.language])[-1]
        text = MODEL_STYLES[self.style](model, self.noun)
        return Judged(self.language, text, tags=self.tags, model=model)


def judged(language, rows):
    """Judged queries from (text, kinds, tags, constraints) rows."""
    return [Judged(language, text, kinds, tags, **constraints) for text, kinds, tags, constraints in rows]


def q(text, kinds, *tags, **constraints):
    return text, kinds, tags, constraints
