"""Heureka XML (https://sluzby.heureka.cz/napoveda/xml-feed/): SHOP/SHOPITEM, read item by item.

ITEM_ID is the SKU; PRODUCTNAME (else PRODUCT) the title; DESCRIPTION's HTML becomes text;
CATEGORYTEXT "A | B | C" the category path; PARAM (PARAM_NAME, VAL) the attributes;
PRICE_VAT the price; DELIVERY_DATE 0 means in stock (days or a date: not in stock); EAN,
IMGURL and URL are kept.
"""
from collections.abc import Iterator
from typing import IO

from products.feeds import items
from products.feeds.items import BadItem, FeedItem
from products.feeds.safe_xml import child_text
from products.feeds.xml_items import element_params, read_xml_items


def read(stream: IO[bytes], *, language: str) -> Iterator[FeedItem | BadItem]:
    return read_xml_items(stream, tag="SHOPITEM", id_tag="ITEM_ID", language=language, build=_item)


def _item(element, *, position, sku, language) -> FeedItem:
    title = child_text(element, "PRODUCTNAME") or child_text(element, "PRODUCT")
    params = element_params(element, "PARAM", "PARAM_NAME", "VAL")
    return FeedItem(
        position=position,
        sku=items.required(sku, "ITEM_ID", items.MAX_SKU),
        language=language,
        title=items.required(title, "PRODUCTNAME", items.MAX_TITLE),
        price=items.price(child_text(element, "PRICE_VAT"), "PRICE_VAT"),
        in_stock=items.text(child_text(element, "DELIVERY_DATE")) == "0",
        description=items.description(child_text(element, "DESCRIPTION")),
        category_path=items.category_path(child_text(element, "CATEGORYTEXT"), "|"),
        params=params,
        ean=items.ean(child_text(element, "EAN")),
        image_url=items.url(child_text(element, "IMGURL"), "IMGURL"),
        url=items.url(child_text(element, "URL"), "URL"),
    )
