"""Catalog writes, each in one transaction.

Ordinary saves announce themselves through model signals. Bulk queryset
updates send none, so the services that use them announce the products they
changed with `products.signals.products_changed`, in the same transaction
(the search index follows either way).
"""
import copy
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from products.models import AttributeValue, Category, Product, ProductTranslation, translation_problem
from products.signals import products_changed
from products.skus import taken_message

# A keyword argument left out of update_product() leaves its field alone.
UNSET = object()


@transaction.atomic
def set_products_published(*, product_ids: Iterable[int], published: bool) -> int:
    """Publishes or unpublishes products; returns how many changed."""
    to_change = Product.objects.filter(id__in=list(product_ids)).exclude(is_published=published)
    changed = list(to_change.values_list("id", flat=True))
    Product.objects.filter(id__in=changed).update(is_published=published)
    if changed:
        products_changed.send(sender=Product, product_ids=changed)
    return len(changed)


@transaction.atomic
def reindex_products(*, product_ids: Iterable[int]) -> int:
    """Asks for the products' documents to be rebuilt from PostgreSQL; returns how many."""
    ids = sorted({int(pk) for pk in product_ids})
    if ids:
        products_changed.send(sender=Product, product_ids=ids)
    return len(ids)


# --- Staff API writes ------------------------------------------------------------
# Ordinary saves: model signals announce them, exactly as for admin edits.

TRANSLATED_FIELDS = ("title", "short_description", "description")
# Kept from a shop's feed (products/feeds/).
FEED_FIELDS = ("ean", "image_url", "url")


@transaction.atomic
def create_product(*, sku: str, price: Decimal, translations: list[dict], stock: int = 0,
                   is_published: bool = False, category_id: int | None = None,
                   attribute_value_ids: Iterable[int] = (), ean: str = "", image_url: str = "",
                   url: str = "") -> Product:
    """A product with its translations ([{language, title, ...}]) and attribute values."""
    data = {"sku": sku, "price": price, "stock": stock, "translations": translations,
            "category_id": category_id, "attribute_value_ids": attribute_value_ids,
            "ean": ean, "image_url": image_url, "url": url}
    _validate(data)
    product = Product(sku=sku.strip(), price=price, stock=stock, is_published=is_published,
                      category_id=category_id, ean=ean, image_url=image_url, url=url)
    _save(product)
    _replace_translations(product, translations)
    product.attribute_values.set(sorted(set(attribute_value_ids)))
    return product


@transaction.atomic
def update_product(product: Product, *, sku=UNSET, price=UNSET, stock=UNSET, is_published=UNSET,
                   category_id=UNSET, translations=UNSET, attribute_value_ids=UNSET, ean=UNSET, image_url=UNSET,
                   url=UNSET) -> Product:
    """Changes the fields given. `translations` and `attribute_value_ids`, when given,
    replace the current ones (a language left out is removed)."""
    given = {"sku": sku, "price": price, "stock": stock, "is_published": is_published,
             "category_id": category_id, "translations": translations, "attribute_value_ids": attribute_value_ids,
             "ean": ean, "image_url": image_url, "url": url}
    data = {field: value for field, value in given.items() if value is not UNSET}
    _validate(data, product)
    for field in ("sku", "price", "stock", "is_published", "category_id", *FEED_FIELDS):
        if field in data:
            setattr(product, field, data[field].strip() if field == "sku" else data[field])
    _save(product)
    if "translations" in data:
        _replace_translations(product, data["translations"])
    if "attribute_value_ids" in data:
        product.attribute_values.set(sorted(set(data["attribute_value_ids"])))
    return product


@transaction.atomic
def delete_product(product: Product) -> None:
    """Deletes the product; its document leaves the index once this commits."""
    product.delete()


def _save(product):
    try:
        with transaction.atomic():
            product.save()
    except IntegrityError:  # a concurrent write took the SKU (in some letter case) after our check
        raise ValidationError({"sku": taken_message(product.sku, product.sku)})


def _replace_translations(product, translations):
    for item in translations:
        ProductTranslation.objects.update_or_create(
            product=product, language=item["language"],
            defaults={field: item.get(field) or "" for field in TRANSLATED_FIELDS},
        )
    languages = [item["language"] for item in translations]
    for stale in ProductTranslation.objects.filter(product=product).exclude(language__in=languages):
        stale.delete()


def _validate(data, product=None):
    """All input errors at once, keyed by the API's field names: the product's own rules
    from the model (its field validators and clean(), which the admin's form runs too), then
    the ids and translations only the API sends (translations by the model's rule as well)."""
    errors = _model_errors(data, product)
    category_id = data.get("category_id")
    if category_id is not None and not Category.objects.filter(pk=category_id).exists():
        errors["category"] = f"Unknown category id {category_id}."
    if "attribute_value_ids" in data:
        wanted = set(data["attribute_value_ids"])
        missing = wanted - set(AttributeValue.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        if missing:
            ids = ", ".join(map(str, sorted(missing)))
            errors["attribute_values"] = f"Unknown attribute value id(s): {ids}."
    if "translations" in data:
        problem = translation_problem(data["translations"])
        if problem:
            errors["translations"] = problem
    if errors:
        raise ValidationError(errors)


def _model_errors(data, product):
    """{field: [messages]} from Product.full_clean() of the product as `data` would leave it
    (a copy: nothing is changed before everything is valid). Uniqueness is clean()'s SKU check."""
    candidate = copy.copy(product) if product is not None else Product()
    for field in ("sku", "price", "stock"):
        if field in data:
            value = data[field]
            setattr(candidate, field, value.strip() if isinstance(value, str) else value)
    try:  # the category is checked above with a message naming the id
        candidate.full_clean(exclude=["category"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return dict(error.message_dict)
    return {}
