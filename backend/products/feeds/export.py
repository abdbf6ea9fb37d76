"""Published products written as a feed, chunk by chunk (memory holds one page of products).

Heureka (SHOP/SHOPITEM): ITEM_ID, PRODUCTNAME, PRODUCT, DESCRIPTION, URL, IMGURL, PRICE_VAT,
EAN, CATEGORYTEXT "A | B | C", PARAM (PARAM_NAME, VAL), DELIVERY_DATE (0 in stock, else
OUT_OF_STOCK_DAYS). Google Merchant (RSS 2.0, g: namespace): g:id, g:title, g:description,
g:link, g:image_link, g:price "1299.50 CZK", g:availability, g:condition, g:product_type
"A > B > C", g:gtin (else g:identifier_exists no), g:product_detail per attribute.
A product's own URL is kept from its feed; without one, its page on this shop.
Texts are the language's, falling back as everywhere (products/translations.py). Heureka's
DESCRIPTION is HTML, so the stored text is escaped as HTML; Google's is plain text.
"""
import html
import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element, SubElement, tostring

from django.conf import settings
from django.db.models import Prefetch

from products.models import Category, Product

PAGE = 1000
OUT_OF_STOCK_DAYS = 14
GOOGLE_NS = "http://base.google.com/ns/1.0"
# Characters XML 1.0 cannot hold at all (a feed must still parse).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def feed_chunks(*, format: str, language: str) -> Iterator[bytes]:
    """The whole feed as UTF-8 byte chunks: head, one chunk per page of items, tail."""
    write = {"heureka": _heureka_item, "google": _google_item}[format]
    paths = _category_paths(language)
    if format == "heureka":
        yield b'<?xml version="1.0" encoding="utf-8"?>\n<SHOP>\n'
    else:
        yield (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:g="{GOOGLE_NS}">\n<channel>\n'
               f"<title>{_escape(settings.SHOP_BASE_URL)}</title>\n<link>{_escape(settings.SHOP_BASE_URL)}/</link>\n"
               f"<description>{_escape(settings.SHOP_BASE_URL)}</description>\n").encode()
    for page in _pages():
        yield b"".join(tostring(write(product, language, paths), encoding="utf-8", xml_declaration=False) + b"\n"
                       for product in page)
    yield b"</SHOP>\n" if format == "heureka" else b"</channel>\n</rss>\n"


def _pages() -> Iterator[list[Product]]:
    last = 0
    products = Product.objects.filter(is_published=True).order_by("id").prefetch_related(
        "translations",
        Prefetch("attribute_values__translations"),
        Prefetch("attribute_values__attribute_type__translations"),
    )
    while True:
        page = list(products.filter(id__gt=last)[:PAGE])
        if not page:
            return
        yield page
        last = page[-1].id


def _category_paths(language) -> dict[int, list[str]]:
    """Every category's path of names (the tree is small: read once per feed)."""
    categories = {category.id: category for category in Category.objects.prefetch_related("translations")}
    paths: dict[int, list[str]] = {}
    for pk, category in categories.items():
        path, current, seen = [], category, set()  # type: tuple[list[str], Category | None, set[int]]
        while current is not None and current.id not in seen:
            seen.add(current.id)
            path.append(current.name(language))
            current = categories.get(current.parent_id) if current.parent_id else None
        paths[pk] = path[::-1]
    return paths


def _clean(value) -> str:
    return _NOT_XML.sub("", str(value))


def _escape(value) -> str:
    return _clean(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _add(parent, tag, value):
    if value not in ("", None):
        SubElement(parent, tag).text = _clean(value)


def _as_html(text):
    """Heureka's DESCRIPTION is HTML: the stored text escaped, its lines ended by <br>."""
    return "<br>".join(html.escape(line, quote=False) for line in text.split("\n"))


def _product_url(product, language):
    return product.url or f"{settings.SHOP_BASE_URL}/products/{product.id}/?lang={language}"


def _attributes(product, language):
    return [(value.attribute_type.name(language), value.name(language))
            for value in sorted(product.attribute_values.all(), key=lambda value: value.id)]


def _heureka_item(product, language, paths) -> Element:
    item = Element("SHOPITEM")
    title = product.title(language)
    _add(item, "ITEM_ID", product.sku)
    _add(item, "PRODUCTNAME", title)
    _add(item, "PRODUCT", title)
    _add(item, "DESCRIPTION", _as_html(product.description(language)))
    _add(item, "URL", _product_url(product, language))
    _add(item, "IMGURL", product.image_url)
    _add(item, "PRICE_VAT", f"{product.price:.2f}")
    _add(item, "EAN", product.ean)
    if product.category_id in paths:
        _add(item, "CATEGORYTEXT", " | ".join(paths[product.category_id]))
    for name, value in _attributes(product, language):
        param = SubElement(item, "PARAM")
        _add(param, "PARAM_NAME", name)
        _add(param, "VAL", value)
    _add(item, "DELIVERY_DATE", 0 if product.in_stock else OUT_OF_STOCK_DAYS)
    return item


def _g(parent, name, value):
    """A g: element, named with the prefix the <rss> element declares (once, not per item)."""
    _add(parent, f"g:{name}", value)


def _google_item(product, language, paths) -> Element:
    item = Element("item")
    _g(item, "id", product.sku)
    _g(item, "title", product.title(language)[:150])
    _g(item, "description", product.description(language)[:5000] or product.title(language))
    _g(item, "link", _product_url(product, language))
    _g(item, "image_link", product.image_url)
    _g(item, "price", f"{product.price:.2f} {settings.SHOP_CURRENCY}")
    _g(item, "availability", "in_stock" if product.in_stock else "out_of_stock")
    _g(item, "condition", "new")
    if product.category_id in paths:
        _g(item, "product_type", " > ".join(paths[product.category_id]))
    _g(item, "gtin", product.ean)
    if not product.ean:
        _g(item, "identifier_exists", "no")
    for name, value in _attributes(product, language):
        detail = SubElement(item, "g:product_detail")
        _g(detail, "attribute_name", name)
        _g(detail, "attribute_value", value)
    return item
