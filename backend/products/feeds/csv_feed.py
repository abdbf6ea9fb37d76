"""CSV (UTF-8, a header row, comma-separated; a BOM is allowed), read row by row.

Columns: sku, title, price (required); description (HTML becomes text), category
("A | B | C"), in_stock (1/0, true/false, yes/no), ean, image_url, url, and any number of
param:<name> columns (an empty cell is no attribute). Unknown columns are ignored.
"""
import csv
import io
from collections.abc import Iterator
from typing import IO

from products.feeds import items
from products.feeds.items import BadItem, FeedItem, ItemError
from products.feeds.safe_xml import FeedFormatError

REQUIRED = ("sku", "title", "price")
TRUE = {"1", "true", "yes", "ano", "áno", "in_stock"}


def read(stream: IO[bytes], *, language: str) -> Iterator[FeedItem | BadItem]:
    reader = csv.DictReader(io.TextIOWrapper(stream, encoding="utf-8-sig", newline=""))
    try:
        columns = [name.strip() for name in reader.fieldnames or []]
    except UnicodeDecodeError:
        raise FeedFormatError("The CSV file is not UTF-8.") from None
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise FeedFormatError(f"The CSV header lacks the column(s) {', '.join(missing)}.")
    reader.fieldnames = columns
    try:
        for position, row in enumerate(reader, start=1):
            sku = items.text(row.get("sku"))
            try:
                yield _item(row, position=position, sku=sku, language=language)
            except ItemError as error:
                yield BadItem(position=position, sku=sku, reason=str(error))
    except (UnicodeDecodeError, csv.Error) as error:
        raise FeedFormatError(f"Malformed CSV: {error}.") from None


def _item(row, *, position, sku, language) -> FeedItem:
    params = []
    for column, value in row.items():
        if column and column.startswith("param:"):
            pair = items.param(column.removeprefix("param:"), value)
            if pair:
                params.append(pair)
    return FeedItem(
        position=position,
        sku=items.required(sku, "sku", items.MAX_SKU),
        language=language,
        title=items.required(row.get("title"), "title", items.MAX_TITLE),
        price=items.price(row.get("price")),
        in_stock=items.text(row.get("in_stock")).lower() in TRUE,
        description=items.description(row.get("description")),
        category_path=items.category_path(row.get("category"), "|"),
        params=params,
        ean=items.ean(row.get("ean")),
        image_url=items.url(row.get("image_url"), "image_url"),
        url=items.url(row.get("url"), "url"),
    )
