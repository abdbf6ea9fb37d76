"""Exported feeds: published products only, the elements each format requires with the
types its published specification gives, the cached feed URLs, and the round trip
(export, import into an empty catalog, the same catalog)."""
import re
from decimal import Decimal
from io import StringIO
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from products.models import AttributeType, AttributeValue, Category, Product
from products.tests.factories import make_attribute_value, make_category, make_product

pytestmark = pytest.mark.django_db

G = "{http://base.google.com/ns/1.0}"
HTTP_URL = re.compile(r"^https?://\S+$")


@pytest.fixture
def catalog(settings):
    settings.SHOP_BASE_URL = "https://shop.example"
    shoes = make_category({"cs": "Obuv", "en": "Footwear"})
    summer = make_category({"cs": "Letní obuv", "en": "Summer shoes"}, parent=shoes)
    red = make_attribute_value("colour", "red", {"cs": "červená", "en": "red"}, {"cs": "Barva", "en": "Colour"})
    leather = make_attribute_value("material", "leather", {"cs": "kůže"}, {"cs": "Materiál"})
    shoe = make_product({"cs": "Červená bota", "en": "Red shoe"}, sku="SH-1", price=Decimal("1299.50"),
                        category=summer, attribute_values=[red, leather], stock=3)
    Product.objects.filter(pk=shoe.pk).update(ean="8594000000011", url="https://old.example/sh-1",
                                              image_url="https://old.example/sh-1.jpg")
    shoe.translations.filter(language="cs").update(description="Kožená bota & tkanička <lehká>\nVelikosti 36–46")
    mug = make_product({"cs": "Hrnek"}, sku="MUG-1", price=Decimal("99"), stock=0)
    hidden = make_product({"cs": "Skrytý"}, sku="HIDDEN-1", published=False)
    return {"shoe": shoe, "mug": mug, "hidden": hidden}


def _export(format, language="cs"):
    out = StringIO()
    call_command("export_feed", format=format, language=language, stdout=out)
    return out.getvalue()


def _export_bytes(capsysbinary, format, language="cs"):
    call_command("export_feed", format=format, language=language)
    return capsysbinary.readouterr().out


def test_heureka_feed_has_the_required_elements_and_types(catalog, capsysbinary):
    root = ElementTree.fromstring(_export_bytes(capsysbinary, "heureka"))
    assert root.tag == "SHOP"
    items = {item.findtext("ITEM_ID"): item for item in root.findall("SHOPITEM")}
    assert sorted(items) == ["MUG-1", "SH-1"]  # published only
    for item in items.values():
        assert re.fullmatch(r"[0-9A-Za-z_-]{1,36}", item.findtext("ITEM_ID"))
        assert item.findtext("PRODUCTNAME") and item.findtext("PRODUCT")
        assert HTTP_URL.match(item.findtext("URL"))
        assert re.fullmatch(r"\d+\.\d{2}", item.findtext("PRICE_VAT"))
        assert re.fullmatch(r"\d+", item.findtext("DELIVERY_DATE"))
    shoe, mug = items["SH-1"], items["MUG-1"]
    assert shoe.findtext("DESCRIPTION") == "Kožená bota &amp; tkanička &lt;lehká&gt;<br>Velikosti 36–46"  # HTML
    assert (shoe.findtext("PRICE_VAT"), shoe.findtext("EAN")) == ("1299.50", "8594000000011")
    assert shoe.findtext("DELIVERY_DATE") == "0"
    assert (shoe.findtext("URL"), shoe.findtext("IMGURL")) == ("https://old.example/sh-1",
                                                               "https://old.example/sh-1.jpg")
    assert shoe.findtext("CATEGORYTEXT") == "Obuv | Letní obuv"
    assert [(p.findtext("PARAM_NAME"), p.findtext("VAL")) for p in shoe.findall("PARAM")] == [
        ("Barva", "červená"), ("Materiál", "kůže")]
    assert mug.findtext("URL") == f"https://shop.example/products/{catalog['mug'].id}/?lang=cs"
    assert mug.findtext("DELIVERY_DATE") == "14" and mug.find("EAN") is None


def test_google_feed_has_the_required_attributes_and_types(catalog, capsysbinary):
    root = ElementTree.fromstring(_export_bytes(capsysbinary, "google", "en"))
    assert (root.tag, root.get("version")) == ("rss", "2.0")
    channel = root.find("channel")
    assert channel.findtext("title") and channel.findtext("link") and channel.findtext("description") is not None
    items = {item.findtext(f"{G}id"): item for item in channel.findall("item")}
    assert sorted(items) == ["MUG-1", "SH-1"]
    for item in items.values():
        assert 0 < len(item.findtext(f"{G}title")) <= 150
        assert item.findtext(f"{G}description")
        assert HTTP_URL.match(item.findtext(f"{G}link"))
        assert re.fullmatch(r"\d+\.\d{2} CZK", item.findtext(f"{G}price"))
        assert item.findtext(f"{G}availability") in {"in_stock", "out_of_stock", "preorder", "backorder"}
        assert item.findtext(f"{G}condition") == "new"
    shoe, mug = items["SH-1"], items["MUG-1"]
    assert (shoe.findtext(f"{G}title"), shoe.findtext(f"{G}price")) == ("Red shoe", "1299.50 CZK")
    assert shoe.findtext(f"{G}product_type") == "Footwear > Summer shoes"
    assert (shoe.findtext(f"{G}gtin"), shoe.findtext(f"{G}availability")) == ("8594000000011", "in_stock")
    assert HTTP_URL.match(shoe.findtext(f"{G}image_link"))
    assert (mug.findtext(f"{G}availability"), mug.findtext(f"{G}identifier_exists")) == ("out_of_stock", "no")
    assert mug.findtext(f"{G}title") == "Hrnek"  # no English title: the default language's


def _snapshot(language="cs"):
    """The catalog as a shop owner sees it, without database ids."""
    products = Product.objects.prefetch_related("translations", "attribute_values__translations",
                                                "attribute_values__attribute_type__translations")
    snapshot = {}
    for product in products:
        path, category = [], product.category
        while category is not None:
            path.insert(0, category.name(language))
            category = category.parent
        snapshot[product.sku] = (
            product.price, product.in_stock, product.is_published, product.title(language),
            product.description(language), path, product.ean, product.image_url, product.url,
            sorted((value.attribute_type.name(language), value.name(language))
                   for value in product.attribute_values.all()))
    return snapshot


@pytest.mark.parametrize("format", ["heureka", "google"])
def test_round_trip_export_then_import_into_an_empty_catalog(catalog, tmp_path, format):
    catalog["hidden"].delete()
    Product.objects.filter(sku="MUG-1").update(url="https://old.example/mug-1")
    catalog["mug"].translations.update(description="Keramický hrnek")
    if format == "google":  # plain text there, and a "<" in it would be read as HTML (most feeds have HTML)
        catalog["shoe"].translations.filter(language="cs").update(description="Kožená bota & tkanička\nVelikosti")
    before = _snapshot()
    path = tmp_path / "feed.xml"
    call_command("export_feed", format=format, language="cs", output=str(path), stderr=StringIO())
    Product.objects.all().delete()
    AttributeValue.objects.all().delete()
    AttributeType.objects.all().delete()
    Category.objects.filter(parent__isnull=False).delete()
    Category.objects.all().delete()
    out = StringIO()
    call_command("import_catalog", str(path), format=format, language=["cs"], stdout=out)
    assert "created 2, updated 0, unchanged 0, skipped 0." in out.getvalue()
    assert _snapshot() == before


def test_unknown_language_is_refused():
    with pytest.raises(CommandError, match="Unknown language 'de'"):
        _export("heureka", "de")


def test_feed_urls_are_streamed_then_served_from_the_cache(catalog, client, settings, tmp_path):
    settings.FEEDS_CACHE_DIR = tmp_path
    settings.FEEDS_CACHE_SECONDS = 300
    response = client.get("/feeds/heureka-cs.xml")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    first = b"".join(response.streaming_content)
    assert [item.findtext("ITEM_ID") for item in ElementTree.fromstring(first)] == ["SH-1", "MUG-1"]

    Product.objects.filter(sku="MUG-1").update(is_published=False)
    cached = client.get("/feeds/heureka-cs.xml")
    assert b"".join(cached.streaming_content) == first  # within FEEDS_CACHE_SECONDS
    settings.FEEDS_CACHE_SECONDS = 0
    fresh = b"".join(client.get("/feeds/heureka-cs.xml").streaming_content)
    assert [item.findtext("ITEM_ID") for item in ElementTree.fromstring(fresh)] == ["SH-1"]
    assert list(tmp_path.iterdir()) == [tmp_path / f"{_database()}-heureka-cs.xml"]  # no partial left

    google = client.get("/feeds/google-sk.xml")
    assert google.status_code == 200 and b"<g:id>SH-1</g:id>" in b"".join(google.streaming_content)


def _database():
    from django.db import connection
    return connection.settings_dict["NAME"]


def test_feed_urls_refuse_unknown_languages_formats_and_methods(client):
    assert client.get("/feeds/heureka-de.xml").status_code == 404
    assert client.get("/feeds/zbozi-cs.xml").status_code == 404
    assert client.post("/feeds/heureka-cs.xml").status_code == 405
