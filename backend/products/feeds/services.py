"""A feed imported into the catalog through the catalog's own services, so a feed's product
obeys the same rules as the admin's and the staff API's, and the search index follows
through the same outbox.

Upsert by SKU (letter case ignored, as everywhere): only what differs is written, so a second
import of the same feed writes nothing and queues no index change. One transaction per batch
(BATCH items), one savepoint per item: a bad item is reported and skipped, the batch goes on.

Several feeds of one catalog in several languages merge by SKU: the first feed of a run
that lists a product sets its category and attributes; a later one (another language) adds
its title and description, and its names for that category path and those attributes where
they have none. A new product is published; an existing one keeps its state (staff may have
unpublished it) unless `sync_removals`: then the listed are published, the others unpublished.
"""
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models.functions import Upper

from products import services
from products.feeds.items import BadItem, FeedItem
from products.feeds.names import Names
from products.feeds.readers import READERS, open_source
from products.models import Product

BATCH = 500


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    unpublished: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def read(self) -> int:
        return self.created + self.updated + self.unchanged + self.skipped


@dataclass
class _Run:
    names: Names = field(default_factory=Names)
    # SKU (upper case) -> the attribute value ids its first feed gave, in the feed's order.
    claimed: dict[str, list[int]] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    # A full sync: a listed product is published (staff's unpublishing holds otherwise).
    publish_listed: bool = False


def import_feeds(*, sources: Iterable[tuple[str, str]], format: str, dry_run: bool = False,
                 sync_removals: bool = False, on_problem: Callable[[str], None] = lambda line: None,
                 on_progress: Callable[[ImportReport, float], None] = lambda report, seconds: None,
                 batch_size: int = BATCH, opener=open_source) -> ImportReport:
    """Imports each (file or http(s) URL, language) in order. A feed that cannot be read at all
    raises FeedFormatError (batches already committed stay: a rerun finishes the job).
    `opener(source)` opens a source (the admin's run wraps it to count the bytes read)."""
    read = READERS[format]
    report, run, started = ImportReport(), _Run(publish_listed=sync_removals), time.monotonic()
    for source, language in sources:
        with opener(source) as stream:
            batch: list[FeedItem | BadItem] = []
            for item in read(stream, language=language):
                batch.append(item)
                if len(batch) >= batch_size:
                    _batch(batch, source, run, report, dry_run, on_problem)
                    on_progress(report, time.monotonic() - started)
                    batch = []
            _batch(batch, source, run, report, dry_run, on_problem)
            on_progress(report, time.monotonic() - started)
    if sync_removals:
        report.unpublished = _unpublish_missing(run.seen, dry_run)
    return report


def _batch(batch, source, run, report, dry_run, on_problem):
    if not batch:
        return
    with transaction.atomic():
        existing = _existing([item.sku for item in batch if isinstance(item, FeedItem)])
        for item in batch:
            if item.sku:
                run.seen.add(item.sku.upper())
            if isinstance(item, BadItem):
                _skip(report, on_problem, source, item.position, item.sku, item.reason)
                continue
            try:
                with transaction.atomic():
                    outcome = _upsert(item, existing.get(item.sku.upper()), run)
            except ValidationError as error:
                run.names.forget()
                _skip(report, on_problem, source, item.position, item.sku, _reason(error))
                continue
            except DatabaseError as error:
                run.names.forget()
                _skip(report, on_problem, source, item.position, item.sku, str(error).splitlines()[0])
                continue
            setattr(report, outcome, getattr(report, outcome) + 1)
        if dry_run:
            transaction.set_rollback(True)
            run.names.forget()


def _existing(skus):
    products = Product.objects.annotate(upper_sku=Upper("sku")).filter(upper_sku__in={sku.upper() for sku in skus})
    products = products.prefetch_related("translations", "product_attributes")
    return {product.upper_sku: product for product in products}


def _upsert(item: FeedItem, product: Product | None, run: _Run) -> str:
    key = item.sku.upper()
    first = key not in run.claimed
    if first:
        category_id = run.names.category_id(item.category_path, item.language) if item.category_path else None
        value_ids = run.names.value_ids(item.params, item.language)
        run.claimed[key] = value_ids
    fields: dict[str, Any] = {"price": item.price, "ean": item.ean, "image_url": item.image_url, "url": item.url}
    translation = {"language": item.language, "title": item.title, "description": item.description}
    if product is None:
        services.create_product(
            sku=item.sku, stock=1 if item.in_stock else 0, is_published=True, translations=[translation],
            category_id=category_id if first else None, attribute_value_ids=value_ids if first else (), **fields)
        return "created"
    fields["stock"] = (product.stock or 1) if item.in_stock else 0
    if first:
        fields["category_id"] = category_id
    if run.publish_listed:
        fields["is_published"] = True
    changes = {name: value for name, value in fields.items() if getattr(product, name) != value}
    current = [{"language": row.language, "title": row.title, "short_description": row.short_description,
                "description": row.description} for row in product.translations.all()]
    wanted = _with_translation(current, translation)
    if wanted != current:
        changes["translations"] = wanted
    if first and set(value_ids) != {row.attribute_value_id for row in product.product_attributes.all()}:
        changes["attribute_value_ids"] = value_ids
    if not first:
        _translate_names(item, product, run)
    if not changes:
        return "unchanged"
    services.update_product(product, **changes)
    return "updated"


def _with_translation(current, translation):
    rows = [dict(row) for row in current]
    for row in rows:
        if row["language"] == translation["language"]:
            row.update(translation)
            return rows
    return [*rows, {**translation, "short_description": ""}]


def _translate_names(item, product, run):
    if item.category_path and product.category_id:
        run.names.translate_category(product.category_id, item.category_path, item.language)
    if item.params:
        run.names.translate_values(run.claimed[item.sku.upper()], item.params, item.language)


def _unpublish_missing(seen, dry_run):
    published = Product.objects.filter(is_published=True).annotate(upper_sku=Upper("sku"))
    missing = [pk for pk, sku in published.values_list("id", "upper_sku").iterator() if sku not in seen]
    if dry_run:
        return len(missing)
    count = 0
    for start in range(0, len(missing), BATCH):
        count += services.set_products_published(product_ids=missing[start:start + BATCH], published=False)
    return count


def _skip(report, on_problem, source, position, sku, reason):
    report.skipped += 1
    line = f"{source} item {position}" + (f" ({sku})" if sku else "") + f": {reason}"
    if len(report.problems) < 1000:
        report.problems.append(line)
    on_problem(line)


def _reason(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)
