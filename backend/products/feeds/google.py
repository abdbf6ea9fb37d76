"""Google Merchant RSS 2.0 (https://support.google.com/merchants/answer/7052112): rss/channel/item
with the g: namespace, read item by item.

g:id is the SKU; title (or g:title), description (HTML becomes text), link (or g:link),
g:price "1299.00 CZK" (the shop's currency only), g:availability (in_stock is in stock),
g:product_type "A > B > C" (else g:google_product_category) the category path, g:gtin the
EAN, g:image_link; g:product_detail (attribute_name, attribute_value) the attributes.
"""
from collections.abc import Iterator
from typing import IO

from products.feeds import items
from products.feeds.items import BadItem, FeedItem, ItemError
from products.feeds.safe_xml import child_text, iter_elements, local_name

NAMESPACE = "http://base.google.com/ns/1.0"


def read(stream: IO[bytes], *, language: str) -> Iterator[FeedItem | BadItem]:
    for position, element in enumerate(iter_elements(stream, "item"), start=1):
        sku = items.text(child_text(element, "id"))
        try:
            yield _item(element, position=position, sku=sku, language=language)
        except ItemError as error:
            yield BadItem(position=position, sku=sku, reason=str(error))


def _item(element, *, position, sku, language) -> FeedItem:
    category = child_text(element, "product_type") or child_text(element, "google_product_category")
    params = []
    for child in element:
        if local_name(child) == "product_detail":
            pair = items.param(child_text(child, "attribute_name"), child_text(child, "attribute_value"))
            if pair:
                params.append(pair)
    return FeedItem(
        position=position,
        sku=items.required(sku, "g:id", items.MAX_SKU),
        language=language,
        title=items.required(child_text(element, "title"), "title", items.MAX_TITLE),
        price=items.price(child_text(element, "price"), "g:price"),
        in_stock=items.text(child_text(element, "availability")).lower() == "in_stock",
        description=items.description(child_text(element, "description")),
        category_path=items.category_path(category, ">"),
        params=params,
        ean=items.ean(child_text(element, "gtin")),
        image_url=items.url(child_text(element, "image_link"), "g:image_link"),
        url=items.url(child_text(element, "link"), "link"),
    )
