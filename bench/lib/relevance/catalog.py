"""The judged catalog as facts: every published product's kind, colour, material, titles,
price, creation time and attribute values (what price limits, orders and filters judge)."""
from lib.relevance.judged import Product


def _demo_kind(sku):
    from products.demo.kinds import KINDS_BY_SKU

    return KINDS_BY_SKU[sku.split("-")[0]].code


def published_products(kind_of=_demo_kind):
    """`kind_of(sku)`: the product's kind (the generator's, read from its SKU by default)."""
    from products.models import Product as ProductModel

    products = []
    queryset = ProductModel.objects.filter(is_published=True).prefetch_related(
        "translations", "product_attributes__attribute_value__attribute_type"
    ).order_by("id")
    for product in queryset:
        values = {a.attribute_value.attribute_type.code: a.attribute_value.code
                  for a in product.product_attributes.all()}
        products.append(Product(
            id=product.id, sku=product.sku, kind=kind_of(product.sku),
            colour=values.get("colour", ""), material=values.get("material", ""),
            titles={t.language: t.title for t in product.translations.all()},
            price=float(product.price), created=product.created_at.timestamp(),
            values=frozenset(a.attribute_value_id for a in product.product_attributes.all()),
        ))
    return products
