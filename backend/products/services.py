"""Catalog writes. Each runs in one transaction with its search-sync record.

Bulk queryset updates do not send model signals, so these services record
the affected products for the search index themselves.
"""
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from products.models import AttributeValue, Category, Product, ProductTranslation
from search.services.outbox import record_product_changes


@transaction.atomic
def set_products_published(product_ids, published):
    """Publishes or unpublishes products; returns how many changed."""
    to_change = Product.objects.filter(id__in=product_ids).exclude(is_published=published)
    changed = list(to_change.values_list("id", flat=True))
    Product.objects.filter(id__in=changed).update(is_published=published)
    record_product_changes(changed)
    return len(changed)


@transaction.atomic
def reindex_products(product_ids):
    """Queues the products' documents to be rebuilt from PostgreSQL."""
    return len(record_product_changes(product_ids))


# --- Staff API writes ------------------------------------------------------------
# Ordinary saves: model signals record the search change (and emails notice a
# product back in stock), exactly as for admin edits.

TRANSLATED_FIELDS = ("title", "short_description", "description")


@transaction.atomic
def create_product(*, sku, price, translations, stock=0, is_published=False, category_id=None,
                   attribute_value_ids=()):
    """A product with its translations ([{language, title, ...}]) and attribute values."""
    data = {"sku": sku, "price": price, "stock": stock, "translations": translations,
            "category_id": category_id, "attribute_value_ids": attribute_value_ids}
    _validate(data)
    product = Product(sku=sku.strip(), price=price, stock=stock, is_published=is_published,
                      category_id=category_id)
    _save(product)
    _replace_translations(product, translations)
    product.attribute_values.set(sorted(set(attribute_value_ids)))
    return product


@transaction.atomic
def update_product(product, **data):
    """Changes the fields given. `translations` and `attribute_value_ids`, when given,
    replace the current ones (a language left out is removed)."""
    unknown = set(data) - {"sku", "price", "stock", "is_published", "category_id", "translations",
                           "attribute_value_ids"}
    if unknown:
        raise TypeError(f"update_product() got unexpected fields: {', '.join(sorted(unknown))}")
    _validate(data, product)
    for field in ("sku", "price", "stock", "is_published", "category_id"):
        if field in data:
            setattr(product, field, data[field].strip() if field == "sku" else data[field])
    _save(product)
    if "translations" in data:
        _replace_translations(product, data["translations"])
    if "attribute_value_ids" in data:
        product.attribute_values.set(sorted(set(data["attribute_value_ids"])))
    return product


@transaction.atomic
def delete_product(product):
    """Deletes the product; its document leaves the index on commit."""
    product.delete()


def _save(product):
    try:
        with transaction.atomic():
            product.save()
    except IntegrityError:  # a concurrent write took the SKU after our check
        raise ValidationError({"sku": f"A product with SKU '{product.sku}' already exists."})


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
    """All input errors at once, keyed by the API's field names."""
    errors = {}
    if "sku" in data:
        sku = (data["sku"] or "").strip()
        if not sku:
            errors["sku"] = "The SKU may not be blank."
        elif Product.objects.filter(sku=sku).exclude(pk=getattr(product, "pk", None)).exists():
            errors["sku"] = f"A product with SKU '{sku}' already exists."
    if "price" in data and (data["price"] is None or Decimal(data["price"]) < 0):
        errors["price"] = "The price may not be negative."
    if "stock" in data and (data["stock"] is None or data["stock"] < 0):
        errors["stock"] = "The stock may not be negative."
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
        problem = _translation_problem(data["translations"])
        if problem:
            errors["translations"] = problem
    if errors:
        raise ValidationError(errors)


def _translation_problem(translations):
    languages = [item.get("language") for item in translations]
    allowed = settings.SHOP_LANGUAGES
    unknown = [language for language in languages if language not in allowed]
    if not translations:
        return "At least one translation is required."
    if unknown:
        return f"Unknown language(s) {', '.join(map(str, unknown))}; use one of {', '.join(allowed)}."
    if len(set(languages)) != len(languages):
        return "Each language may appear only once."
    if any(not (item.get("title") or "").strip() for item in translations):
        return "Every translation needs a title."
    return None
