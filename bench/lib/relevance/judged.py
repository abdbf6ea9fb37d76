"""What a judged query is and how it grades a product (0-3).

Judgments are written as the kinds of product a shopper typing the query
wants (3: what was asked for, 2: a close alternative, 1: loosely related,
0: wrong), optionally narrowed by colour, material or a word of the title
(a model line). A product of a graded kind that misses the narrowing gets two
grades less. Because the demo catalog is generated, the rules grade every
product of it, so the ideal ranking (for nDCG) is known exactly.
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Product:
    id: int
    sku: str
    kind: str
    colour: str
    material: str
    titles: dict  # {language: title}


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

    def grade(self, product):
        if self.sku:
            return 3 if product.sku == self.sku else 0
        grade = self.kinds.get(product.kind, 0)
        narrowed = (
            (self.colour and product.colour != self.colour)
            or (self.materials and product.material not in self.materials)
            or (self.title_word and self.title_word.lower() not in product.titles[self.language].lower().split())
        )
        return max(grade - 2, 0) if narrowed else grade


@dataclass(frozen=True)
class SkuQuery:
    """A SKU query, resolved against the catalog: the `nth` published product of `kind`."""
    language: str
    kind: str
    nth: int
    style: str = "exact"  # exact, lower (typed in lowercase)

    def resolve(self, products):
        of_kind = sorted((p for p in products if p.kind == self.kind), key=lambda p: p.id)
        sku = of_kind[self.nth % len(of_kind)].sku
        text = sku.lower() if self.style == "lower" else sku
        return Judged(self.language, text, tags=("sku",), sku=sku)


def judged(language, rows):
    """Judged queries from (text, kinds, tags, constraints) rows."""
    return [Judged(language, text, kinds, tags, **constraints) for text, kinds, tags, constraints in rows]


def q(text, kinds, *tags, **constraints):
    return text, kinds, tags, constraints
