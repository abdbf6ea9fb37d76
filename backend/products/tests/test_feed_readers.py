"""The feed readers: each format's fields, bad items with their position and reason, and the
XML refused whole (malformed, a DTD: billion laughs, external entities) without expanding."""
import io
import time
from decimal import Decimal

import pytest

from products.feeds import csv_feed, google, heureka
from products.feeds.items import BadItem, FeedItem
from products.feeds.safe_xml import FeedFormatError, iter_elements

pytestmark = pytest.mark.pure

HEUREKA = """<?xml version="1.0" encoding="utf-8"?>
<SHOP>
 <SHOPITEM>
  <ITEM_ID>SH-1</ITEM_ID><PRODUCTNAME>Červená bota</PRODUCTNAME><PRODUCT>Bota</PRODUCT>
  <DESCRIPTION><![CDATA[<p>Kožená <b>bota</b> &amp; tkanička</p><script>alert(1)</script>]]></DESCRIPTION>
  <URL>https://shop.example/sh-1</URL><IMGURL>https://shop.example/sh-1.jpg</IMGURL>
  <PRICE_VAT>1 299,50</PRICE_VAT><EAN>8594000000011</EAN>
  <CATEGORYTEXT>Obuv | Letní obuv</CATEGORYTEXT>
  <PARAM><PARAM_NAME>Barva</PARAM_NAME><VAL>červená</VAL></PARAM>
  <PARAM><PARAM_NAME>Materiál</PARAM_NAME><VAL>kůže</VAL></PARAM>
  <DELIVERY_DATE>0</DELIVERY_DATE>
 </SHOPITEM>
 <SHOPITEM><PRODUCT>Hrnek</PRODUCT><PRICE_VAT>10</PRICE_VAT></SHOPITEM>
 <SHOPITEM><ITEM_ID>SH-3</ITEM_ID><PRODUCT>Hrnek</PRODUCT><PRICE_VAT>deset</PRICE_VAT></SHOPITEM>
 <SHOPITEM><ITEM_ID>SH-4</ITEM_ID><PRODUCT>{long}</PRODUCT><PRICE_VAT>10</PRICE_VAT></SHOPITEM>
 <SHOPITEM><ITEM_ID>SH-5</ITEM_ID><PRODUCT>Hrnek</PRODUCT><PRICE_VAT>10</PRICE_VAT>
  <DELIVERY_DATE>2026-12-24</DELIVERY_DATE></SHOPITEM>
</SHOP>""".replace("{long}", "x" * 256).encode()

GOOGLE = b"""<?xml version="1.0"?>
<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel><title>Shop</title>
 <item><g:id>G-1</g:id><title>Modr\xc3\xbd hrnek</title><description>Keramick\xc3\xbd</description>
  <link>https://shop.example/g-1</link><g:image_link>https://shop.example/g-1.jpg</g:image_link>
  <g:price>199.00 CZK</g:price><g:availability>in_stock</g:availability>
  <g:product_type>Kuchyn\xc4\x9b &gt; Hrnky</g:product_type><g:gtin>8594000000028</g:gtin>
  <g:product_detail><g:attribute_name>Barva</g:attribute_name><g:attribute_value>modr\xc3\xa1</g:attribute_value>
  </g:product_detail></item>
 <item><g:id>G-2</g:id><title>Hrnek</title><g:price>9.99 EUR</g:price></item>
 <item><g:id>G-3</g:id><title>Hrnek</title><g:price>9.99 CZK</g:price><g:availability>out_of_stock</g:availability>
  <link>javascript:alert(1)</link></item>
</channel></rss>"""


def _read(reader, data):
    return list(reader(io.BytesIO(data), language="cs"))


def test_heureka_reads_every_field_and_strips_html():
    item = _read(heureka.read, HEUREKA)[0]
    assert item == FeedItem(
        position=1, sku="SH-1", language="cs", title="Červená bota", price=Decimal("1299.50"), in_stock=True,
        description="Kožená bota & tkanička", category_path=["Obuv", "Letní obuv"],
        params=[("Barva", "červená"), ("Materiál", "kůže")], ean="8594000000011",
        image_url="https://shop.example/sh-1.jpg", url="https://shop.example/sh-1")


def test_heureka_bad_items_name_position_and_reason():
    found = _read(heureka.read, HEUREKA)[1:]
    assert found[:3] == [
        BadItem(position=2, sku="", reason="no ITEM_ID"),
        BadItem(position=3, sku="SH-3", reason="bad PRICE_VAT 'deset'"),
        BadItem(position=4, sku="SH-4", reason="PRODUCTNAME too long (256 characters, at most 255)"),
    ]
    assert isinstance(found[3], FeedItem) and found[3].in_stock is False and found[3].title == "Hrnek"


def test_google_reads_the_g_namespace_and_refuses_another_currency():
    first, second, third = _read(google.read, GOOGLE)
    assert (first.sku, first.title, first.price, first.in_stock) == ("G-1", "Modrý hrnek", Decimal("199.00"), True)
    assert (first.category_path, first.params, first.ean) == (["Kuchyně", "Hrnky"], [("Barva", "modrá")],
                                                              "8594000000028")
    assert (first.url, first.image_url) == ("https://shop.example/g-1", "https://shop.example/g-1.jpg")
    assert second == BadItem(position=2, sku="G-2", reason="unknown currency 'EUR' (the shop sells in CZK)")
    assert third == BadItem(position=3, sku="G-3", reason="link is not an http(s) URL")


def test_csv_reads_documented_columns():
    data = ("\ufeffsku,title,price,description,category,in_stock,ean,param:Barva,extra\n"
            "C-1,Stůl,\"2 490,00\",<i>Dubový</i>,Nábytek | Stoly,ano,,hnědá,x\n"
            ",Bez čísla,1,,,,,,\n").encode()
    first, second = _read(csv_feed.read, data)
    assert (first.sku, first.title, first.price, first.description) == ("C-1", "Stůl", Decimal("2490.00"), "Dubový")
    assert (first.category_path, first.in_stock, first.params) == (["Nábytek", "Stoly"], True, [("Barva", "hnědá")])
    assert second == BadItem(position=2, sku="", reason="no sku")


def test_csv_without_a_required_column_is_refused_whole():
    with pytest.raises(FeedFormatError, match="lacks the column"):
        _read(csv_feed.read, b"id,name\n1,x\n")


def test_malformed_xml_is_a_clear_error_with_its_line():
    with pytest.raises(FeedFormatError, match=r"Malformed XML: mismatched tag: line 3"):
        _read(heureka.read, b"<SHOP>\n<SHOPITEM><ITEM_ID>1</ITEM_ID>\n</SHOP>")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">""" + b"".join(
    b'<!ENTITY lol%d "%s">' % (i, b"".join([b"&lol%d;" % (i - 1) if i > 1 else b"&lol;"] * 10))
    for i in range(1, 10)) + b"""]>
<SHOP><SHOPITEM><ITEM_ID>1</ITEM_ID><PRODUCT>&lol9;</PRODUCT><PRICE_VAT>1</PRICE_VAT></SHOPITEM></SHOP>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE SHOP [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<SHOP><SHOPITEM><ITEM_ID>1</ITEM_ID><PRODUCT>&xxe;</PRODUCT><PRICE_VAT>1</PRICE_VAT></SHOPITEM></SHOP>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE SHOP SYSTEM "http://127.0.0.1:9/evil.dtd">
<SHOP><SHOPITEM><ITEM_ID>1</ITEM_ID><PRODUCT>&xxe;</PRODUCT><PRICE_VAT>1</PRICE_VAT></SHOPITEM></SHOP>"""


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, EXTERNAL, EXTERNAL_DTD], ids=["laughs", "entity", "dtd"])
@pytest.mark.parametrize("reader", [heureka.read, google.read], ids=["heureka", "google"])
def test_a_dtd_is_refused_before_anything_is_expanded_or_fetched(reader, payload):
    started = time.monotonic()
    with pytest.raises(FeedFormatError, match="DTD"):
        _read(reader, payload)
    assert time.monotonic() - started < 1  # 10^9 "lol"s were never built


def test_items_are_dropped_once_read():
    """The tree never holds more than the item being read: earlier items are gone."""
    data = b"<SHOP>" + b"".join(b"<SHOPITEM><ITEM_ID>%d</ITEM_ID><PRODUCT>x</PRODUCT><PRICE_VAT>1</PRICE_VAT>"
                                b"</SHOPITEM>" % i for i in range(2000)) + b"</SHOP>"
    read = []
    for element in iter_elements(io.BytesIO(data), "SHOPITEM"):
        assert len(element) == 3
        read.append(element)
    assert len(read) == 2000 and all(len(element) == 0 and element.text is None for element in read)
