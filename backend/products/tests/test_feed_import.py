"""`import_catalog` against the real database: upsert by SKU through the services, idempotent,
bad items skipped and reported, --dry-run, --strict, --sync-removals, languages merged."""
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from products.models import AttributeValue, Category, Product
from products.tests.factories import make_product

pytestmark = pytest.mark.django_db


def _item(sku, title, *, price="1 299,50", category="Obuv | Letní obuv", params=(("Barva", "červená"),),
          delivery="0", description="<p>Kožená <b>bota</b></p>"):
    params_xml = "".join(f"<PARAM><PARAM_NAME>{name}</PARAM_NAME><VAL>{value}</VAL></PARAM>" for name, value in params)
    return (f"<SHOPITEM><ITEM_ID>{sku}</ITEM_ID><PRODUCTNAME>{title}</PRODUCTNAME>"
            f"<DESCRIPTION><![CDATA[{description}]]></DESCRIPTION><URL>https://shop.example/{sku}</URL>"
            f"<IMGURL>https://shop.example/{sku}.jpg</IMGURL><PRICE_VAT>{price}</PRICE_VAT><EAN>8594000000011</EAN>"
            f"<CATEGORYTEXT>{category}</CATEGORYTEXT>{params_xml}<DELIVERY_DATE>{delivery}</DELIVERY_DATE></SHOPITEM>")


def _feed(tmp_path, *items, name="feed.xml"):
    path = tmp_path / name
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?><SHOP>{"".join(items)}</SHOP>', encoding="utf-8")
    return str(path)


def _import(*args, **options):
    from io import StringIO
    out, err = StringIO(), StringIO()
    call_command("import_catalog", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_a_heureka_feed_becomes_products_and_a_second_import_changes_nothing(tmp_path):
    feed = _feed(tmp_path, _item("SH-1", "Červená bota"),
                 _item("SH-2", "Modrá bota", params=(("Barva", "modrá"),), delivery="3"))
    out, _ = _import(feed, format="heureka", language=["cs"])
    assert "created 2, updated 0, unchanged 0, skipped 0." in out
    shoe = Product.objects.get(sku="SH-1")
    assert (shoe.price, shoe.stock, shoe.is_published, shoe.ean) == (Decimal("1299.50"), 1, True, "8594000000011")
    assert (shoe.url, shoe.image_url) == ("https://shop.example/SH-1", "https://shop.example/SH-1.jpg")
    assert (shoe.title("cs"), shoe.description("cs")) == ("Červená bota", "Kožená bota")
    assert (shoe.category.name("cs"), shoe.category.parent.name("cs")) == ("Letní obuv", "Obuv")
    assert [value.name("cs") for value in shoe.attribute_values.all()] == ["červená"]
    assert Product.objects.get(sku="SH-2").stock == 0
    assert Category.objects.count() == 2 and AttributeValue.objects.count() == 2
    stamps = dict(Product.objects.values_list("sku", "updated_at"))

    out, _ = _import(feed, format="heureka", language=["cs"])
    assert "created 0, updated 0, unchanged 2, skipped 0." in out
    assert dict(Product.objects.values_list("sku", "updated_at")) == stamps
    assert Category.objects.count() == 2 and AttributeValue.objects.count() == 2


def test_a_changed_item_is_updated_by_sku_in_any_letter_case(tmp_path):
    make_product({"cs": "Stará bota", "en": "Old shoe"}, sku="sh-1", price=Decimal("10"), stock=7)
    out, _ = _import(_feed(tmp_path, _item("SH-1", "Nová bota")), format="heureka", language=["cs"])
    assert "created 0, updated 1, unchanged 0, skipped 0." in out
    shoe = Product.objects.get()
    assert (shoe.sku, shoe.price, shoe.stock) == ("sh-1", Decimal("1299.50"), 7)  # in stock: its count kept
    assert (shoe.title("cs"), shoe.title("en")) == ("Nová bota", "Old shoe")  # other languages kept


def test_bad_items_are_reported_with_position_and_reason_and_skipped(tmp_path):
    feed = _feed(tmp_path, _item("OK-1", "Bota"), _item("", "Bez čísla"), _item("BAD-PRICE", "Bota", price="-5"),
                 _item("LONG", "x" * 300), _item("OK-2", "Bota 2"))
    out, err = _import(feed, format="heureka", language=["cs"])
    assert "created 2, updated 0, unchanged 0, skipped 3." in out
    assert f"skipped {feed} item 2: no ITEM_ID" in err
    assert f"skipped {feed} item 3 (BAD-PRICE): bad PRICE_VAT '-5'" in err
    assert f"skipped {feed} item 4 (LONG): PRODUCTNAME too long (300 characters, at most 255)" in err
    assert sorted(Product.objects.values_list("sku", flat=True)) == ["OK-1", "OK-2"]

    with pytest.raises(CommandError, match="--strict: 3 item") as error:
        _import(feed, format="heureka", language=["cs"], strict=True)
    assert error.value.returncode == 1


def test_strict_passes_when_nothing_was_skipped(tmp_path):
    out, _ = _import(_feed(tmp_path, _item("OK-1", "Bota")), format="heureka", language=["cs"], strict=True)
    assert "created 1" in out


def test_dry_run_writes_nothing(tmp_path):
    out, _ = _import(_feed(tmp_path, _item("SH-1", "Bota")), format="heureka", language=["cs"], dry_run=True)
    assert "Dry run (nothing written): created 1, updated 0, unchanged 0, skipped 0." in out
    assert (Product.objects.count(), Category.objects.count(), AttributeValue.objects.count()) == (0, 0, 0)


@pytest.mark.parametrize("payload", [
    "<SHOP><SHOPITEM><ITEM_ID>1</ITEM_ID></SHOP>",
    '<?xml version="1.0"?><!DOCTYPE SHOP [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><SHOP>&xxe;</SHOP>',
], ids=["malformed", "external-entity"])
def test_a_feed_that_cannot_be_read_is_a_clear_error(tmp_path, payload):
    path = tmp_path / "bad.xml"
    path.write_text(payload)
    with pytest.raises(CommandError, match="Malformed XML: mismatched tag|DTD"):
        _import(str(path), format="heureka", language=["cs"])
    assert not Product.objects.exists()


def test_only_files_and_http_urls_are_read(tmp_path):
    with pytest.raises(CommandError, match="Only a file or an http"):
        _import("ftp://shop.example/feed.xml", format="heureka", language=["cs"])
    with pytest.raises(CommandError, match="Cannot open"):
        _import(str(tmp_path / "missing.xml"), format="heureka", language=["cs"])
    with pytest.raises(CommandError, match="Unknown language 'de'"):
        _import(str(tmp_path / "missing.xml"), format="heureka", language=["de"])


def test_removals_unpublish_only_when_asked(tmp_path):
    gone = make_product({"cs": "Zmizelá"}, sku="GONE-1", published=True)
    feed = _feed(tmp_path, _item("SH-1", "Bota"))
    out, _ = _import(feed, format="heureka", language=["cs"])
    assert "unpublished" not in out
    gone.refresh_from_db()
    assert gone.is_published
    Product.objects.filter(sku="SH-1").update(is_published=False)  # staff unpublished it: a plain import keeps that
    assert "unchanged 1" in _import(feed, format="heureka", language=["cs"])[0]
    assert not Product.objects.get(sku="SH-1").is_published
    out, _ = _import(feed, format="heureka", language=["cs"], sync_removals=True)
    assert "created 0, updated 1, unchanged 0, skipped 0, unpublished 1." in out
    gone.refresh_from_db()
    assert not gone.is_published and Product.objects.get(sku="SH-1").is_published


def test_feeds_in_two_languages_merge_by_sku(tmp_path):
    cs = _feed(tmp_path, _item("SH-1", "Červená bota", params=(("Barva", "červená"),)), name="cs.xml")
    sk = _feed(tmp_path, _item("SH-1", "Červená topánka", category="Obuv | Letná obuv",
                               params=(("Farba", "červená"),)), name="sk.xml")
    out, _ = _import(cs, sk, "--language=cs", "--language=sk", format="heureka")
    assert "created 1, updated 1, unchanged 0, skipped 0." in out
    shoe = Product.objects.get()
    assert (shoe.title("cs"), shoe.title("sk")) == ("Červená bota", "Červená topánka")
    assert (shoe.category.name("sk"), shoe.category.parent.name("sk")) == ("Letná obuv", "Obuv")
    value = shoe.attribute_values.get()
    assert (value.attribute_type.name("sk"), value.attribute_type.name("cs")) == ("Farba", "Barva")
    assert Category.objects.count() == 2
    out, _ = _import(cs, sk, "--language=cs", "--language=sk", format="heureka")
    assert "created 0, updated 0, unchanged 2, skipped 0." in out


def test_a_google_feed_and_a_csv_feed_import_alike(tmp_path):
    google = tmp_path / "google.xml"
    google.write_text(
        '<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel><item><g:id>G-1</g:id>'
        "<title>Hrnek</title><link>https://shop.example/g-1</link><g:price>199.00 CZK</g:price>"
        "<g:availability>in_stock</g:availability><g:product_type>Kuchyně &gt; Hrnky</g:product_type>"
        "</item></channel></rss>", encoding="utf-8")
    csv = tmp_path / "feed.csv"
    csv.write_text("sku,title,price,category,in_stock\nC-1,Stůl,2490,Nábytek | Stoly,1\n", encoding="utf-8")
    assert "created 1" in _import(str(google), format="google", language=["cs"])[0]
    assert "created 1" in _import(str(csv), format="csv", language=["cs"])[0]
    mug, table = Product.objects.get(sku="G-1"), Product.objects.get(sku="C-1")
    assert (mug.price, mug.in_stock, mug.category.name("cs")) == (Decimal("199.00"), True, "Hrnky")
    assert (table.price, table.category.parent.name("cs")) == (Decimal("2490.00"), "Nábytek")


def test_an_http_url_is_fetched_and_a_redirect_cannot_leave_http(tmp_path):
    """A real local HTTP server (the outside world's stand-in): the feed is fetched from it,
    and its redirect to a file: URL is refused rather than followed."""
    import http.server
    import threading

    body = f'<SHOP>{_item("URL-1", "Bota")}</SHOP>'.encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/feed.xml":
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_response(302)
                self.send_header("Location", "file:///etc/passwd")
                self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert "created 1" in _import(f"{base}/feed.xml", format="heureka", language=["cs"])[0]
        with pytest.raises(CommandError, match="Cannot fetch"):
            _import(f"{base}/redirect", format="heureka", language=["cs"])
    finally:
        server.shutdown()
        server.server_close()
    assert list(Product.objects.values_list("sku", flat=True)) == ["URL-1"]
