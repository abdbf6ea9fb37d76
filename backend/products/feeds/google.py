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
from products.feeds.items import BadItem, FeedItem
from products.feeds.safe_xml import child_text
from products.feeds.xml_items import element_params, read_xml_items

NAMESPACE = "http://base.google.com/ns/1.0"


def read(stream: IO[bytes], *, language: str) -> Iterator[FeedItem | BadItem]:
    return read_xml_items(stream, tag="item", id_tag="id", language=language, build=_item)


def _item(element, *, position, sku, language) -> FeedItem:
    category = child_text(element, "product_type") or child_text(element, "google_product_category")
    params = element_params(element, "product_detail", "attribute_name", "attribute_value")
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
